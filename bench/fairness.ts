// Fairness under a flood: one socket sends FLOOD counter events back to back while another socket clicks one
// at a time; the other socket's round trips (p50, p99, max) are measured idle and during the flood, with the
// rate limit off (the yielding alone) and with the default limits (the flood is refused after its burst).
// The node runs in its own process (bench/counter-server.ts). BENCH_CWD runs another checkout's server.
import { spawn } from 'node:child_process'
import WebSocket from 'ws'
import { SECRET } from './lib/serve.js'

const FLOOD = Number(process.env.BENCH_FLOOD ?? 5000)
const cwd = process.env.BENCH_CWD ?? process.cwd()

interface Socket {
  ws: WebSocket
  id: string
}

async function connect(url: string): Promise<Socket> {
  const res = await fetch(`${url}/counter`)
  const cookie = res.headers.get('set-cookie')!.split(';')[0]
  const [, id, tok] = /id="([^"]+)" reactor-component="x-counter" state="([^"]+)"/.exec(await res.text())!
  const ws = new WebSocket(`${url.replace('http', 'ws')}/__reactor__`, { headers: { cookie } })
  await new Promise((resolve) => ws.once('open', resolve))
  ws.send(JSON.stringify({ t: 'join', p: Math.random().toString(36).slice(2), c: [{ id, tok }] }))
  return { ws, id }
}

/** Clicks on `probe` one at a time until `done` resolves; the round trips in ms. */
async function probe({ ws, id }: Socket, done: Promise<unknown>): Promise<number[]> {
  let over = false
  void done.then(() => (over = true))
  const trips: number[] = []
  for (let q = 1; !over || trips.length < 20; q++) {
    const sent = performance.now()
    const answered = new Promise((resolve) => ws.once('message', resolve))
    ws.send(JSON.stringify({ t: 'ev', id, n: 'inc', q }))
    await answered
    trips.push(performance.now() - sent)
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  return trips
}

/** Sends FLOOD events at once on `flood`; resolves once each got its answer (a render or a refusal). */
function flood({ ws, id }: Socket): Promise<void> {
  let answers = 0
  const all = new Promise<void>((resolve) => ws.on('message', () => ++answers === FLOOD && resolve()))
  for (let q = 1; q <= FLOOD; q++) ws.send(JSON.stringify({ t: 'ev', id, n: 'inc', q }))
  return all
}

function summary(trips: number[]) {
  const sorted = [...trips].sort((a, b) => a - b)
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] * 100) / 100
  return { p50: at(0.5), p99: at(0.99), max: at(1), n: trips.length }
}

async function run(limits: 'off' | 'default') {
  const port = 19_000 + Math.floor(Math.random() * 1000)
  const url = `http://127.0.0.1:${port}`
  const server = spawn(process.execPath, ['--import', 'tsx', 'bench/counter-server.ts'], {
    cwd,
    env: { ...process.env, PORT: String(port), NODE_ENV: 'production', REACTOR_SECRET: SECRET, BENCH_LIMITS: limits },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  try {
    for (let i = 0; !(await fetch(url).then(() => true, () => false)); i++) {
      if (i > 100) throw new Error('the counter server did not start')
      await new Promise((r) => setTimeout(r, 100))
    }
    const [clicker, flooder] = [await connect(url), await connect(url)]
    const idle = await probe(clicker, new Promise((r) => setTimeout(r, 300)))
    const started = performance.now()
    const during = await probe(clicker, flood(flooder))
    const floodMs = Math.round(performance.now() - started)
    clicker.ws.close()
    flooder.ws.close()
    return { idle: summary(idle), flood: summary(during), flood_ms: floodMs }
  } finally {
    server.kill()
  }
}

const off = await run('off')
const limited = await run('default')
console.log(
  JSON.stringify({
    fairness_flood_events: FLOOD,
    fairness_idle_rtt_ms: off.idle,
    fairness_rate_off_rtt_ms: off.flood,
    fairness_rate_off_flood_ms: off.flood_ms,
    fairness_default_limits_rtt_ms: limited.flood,
    fairness_default_limits_flood_ms: limited.flood_ms,
  }),
)
