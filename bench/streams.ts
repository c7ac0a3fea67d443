// One insert into a log of 10, 1,000 and 10,000 items: bytes down and the node's CPU per insert, for a stream
// (the items live in the browser) and for the same log kept in the state (the items ride in the token).
// The node (bench/streams-server.ts) runs in its own process; its CPU is read from /proc.
import { readFileSync } from 'node:fs'
import WebSocket from 'ws'
import { startNode } from './node.js'

const PORT = 19_000 + Math.floor(Math.random() * 1000)
const url = `http://127.0.0.1:${PORT}`
const EVENTS = Number(process.env.BENCH_EVENTS ?? 300)
const SIZES = [10, 1_000, 10_000]

function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** Opens the page of `kind` with `n` items, joins it, and sends `EVENTS` inserts one after another. */
async function measure(pid: number, kind: string, n: number): Promise<Record<string, number | string>> {
  const res = await fetch(`${url}/${kind}?n=${n}`)
  const cookie = res.headers.get('set-cookie')!.split(';')[0]
  const found = /id="([^"]+)" reactor-component="[^"]+" state="([^"]+)"/.exec(await res.text())
  if (!found) return { error: 'no component rendered' }
  const [, id, tok] = found
  const ws = new WebSocket(`${url.replace('http', 'ws')}/__reactor__`, { headers: { cookie } })
  await new Promise((r) => ws.once('open', r))
  const replies: string[] = []
  let wake = () => {}
  ws.on('message', (data) => (replies.push(String(data)), wake()))
  const next = () => new Promise<string>((resolve) => (replies.length ? resolve(replies.shift()!) : (wake = () => resolve(replies.shift()!))))
  ws.send(JSON.stringify({ t: 'join', p: `bench-${kind}-${n}`, c: [{ id, tok }] }))
  const down: number[] = []
  const up: number[] = []
  let cpu = 0
  for (let q = 1; q <= EVENTS; q++) {
    const msg = JSON.stringify({ t: 'ev', id, n: 'add', q })
    up.push(msg.length)
    const before = cpuMicros(pid)
    ws.send(msg)
    const reply = await next()
    if (q > EVENTS / 3) cpu += cpuMicros(pid) - before // the first third warms up
    if (reply.includes('"err"')) return (ws.close(), { error: JSON.parse(reply).code })
    down.push(reply.length)
  }
  ws.close()
  return { bytes_down_p50: median(down), bytes_up_p50: median(up), cpu_us_per_insert: Math.round(cpu / (EVENTS - Math.floor(EVENTS / 3))) }
}

const server = await startNode('bench/streams-server.ts', PORT)
try {
  const results: Record<string, unknown> = {}
  for (const kind of ['stream', 'state']) {
    for (const n of SIZES) results[`${kind}_insert_at_${n}`] = await measure(server.pid!, kind, n)
  }
  console.log(JSON.stringify({ streams: results }))
} finally {
  server.kill('SIGTERM')
}
