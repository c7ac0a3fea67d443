// Counter events per second through one node over loopback WebSockets, and bytes per click.
// The node (bench/counter-server.ts: the counter alone) runs in its own process (NODE_ENV=production);
// this process only drives it.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import WebSocket from 'ws'

const PORT = Number(process.env.BENCH_PORT ?? 18_000 + Math.floor(Math.random() * 1000))
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 8)
const WINDOW = Number(process.env.BENCH_WINDOW ?? 8)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const url = `http://127.0.0.1:${PORT}`

/** CPU time (user + system) the server process has used, in µs, from /proc (robust to other load on the machine). */
function cpuMicros(pid: number | undefined): number {
  if (!pid) return NaN
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await fetch(url).then(() => true, () => false)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('the example server did not start')
}

interface Driver {
  sent: number
  answered: number
  up: number[]
  down: number[]
}

async function drive(stopAt: () => boolean, stats: Driver): Promise<() => void> {
  const res = await fetch(`${url}/counter`)
  const cookie = res.headers.get('set-cookie')!.split(';')[0]
  const [, id, tok] = /id="([^"]+)" reactor-component="x-counter" state="([^"]+)"/.exec(await res.text())!
  const ws = new WebSocket(`${url.replace('http', 'ws')}/__reactor__`, { headers: { cookie } })
  await new Promise((r) => ws.once('open', r))
  ws.send(JSON.stringify({ t: 'join', p: Math.random().toString(36).slice(2), c: [{ id, tok }] }))
  let q = 0
  const send = () => {
    const msg = JSON.stringify({ t: 'ev', id, n: 'inc', q: ++q })
    stats.sent++
    stats.up.push(msg.length)
    ws.send(msg)
  }
  ws.on('message', (data) => {
    stats.answered++
    stats.down.push(String(data).length)
    if (!stopAt()) send()
  })
  for (let i = 0; i < WINDOW; i++) send()
  return () => ws.close()
}

// BENCH_PORT: drive a node that is already running (for profiling) instead of starting one
const server = process.env.BENCH_PORT ? { kill() {}, pid: undefined } : spawn(process.execPath, ['--import', 'tsx', 'bench/counter-server.ts'], {
  env: { ...process.env, PORT: String(PORT), NODE_ENV: 'production', REACTOR_SECRET: 'bench-secret-0123456789abcdef-0123456789' },
  stdio: ['ignore', 'ignore', 'inherit'],
})
try {
  await waitForServer()
  let stop = false
  // warm-up, then the measured run
  const warm: Driver = { sent: 0, answered: 0, up: [], down: [] }
  const closeWarm = await drive(() => stop, warm)
  await new Promise((r) => setTimeout(r, 1000))
  stop = true
  closeWarm()
  stop = false
  const stats: Driver = { sent: 0, answered: 0, up: [], down: [] }
  const closers = await Promise.all(Array.from({ length: SOCKETS }, () => drive(() => stop, stats)))
  const started = Date.now()
  const before = stats.answered
  const cpuBefore = cpuMicros(server.pid)
  await new Promise((r) => setTimeout(r, SECONDS * 1000))
  const answered = stats.answered - before
  const cpu = cpuMicros(server.pid) - cpuBefore
  const elapsed = (Date.now() - started) / 1000
  stop = true
  closers.forEach((close) => close())
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  console.log(
    JSON.stringify({
      counter_events_per_second: Math.round(answered / elapsed),
      server_cpu_us_per_event: Math.round((cpu / answered) * 10) / 10,
      counter_events_per_cpu_second: Math.round(answered / (cpu / 1e6)),
      sockets: SOCKETS,
      in_flight_per_socket: WINDOW,
      bytes_up_per_click: median(stats.up),
      bytes_down_per_click: median(stats.down.slice(SOCKETS * 2)),
    }),
  )
} finally {
  server.kill()
}
