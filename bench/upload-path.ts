// The two paths files take: the page's socket (256 KiB chunks, each acknowledged before the next) and HTTP
// (the socket's signed ticket, then PUTs of PART bytes to the node, as the browser client sends them where any
// node can take them). On loopback, for a 50 MB file, each path's throughput, the node's peak RSS and heap while
// it runs, and the p99 round trip of events on a second socket of the same node meanwhile (against a floor:
// the same probe with no upload). Runs alternate between the paths; JSON out.
import WebSocket from 'ws'
import { uploadOverSocket } from './lib/socket-upload.js'
import { PART as CLIENT_PART } from '../src/features/uploads/parts.js'
import { startNode } from './node.js'

const PORT = 20_000 + Math.floor(Math.random() * 1000)
const url = `http://127.0.0.1:${PORT}`
const SIZE = 50 * 1024 * 1024
const RUNS = Number(process.env.RUNS ?? 3)
const data = Buffer.alloc(SIZE, 7)
/** bytes per PUT: the browser client's by default */
const PART = Number(process.env.PART ?? CLIENT_PART)
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** A page of the node joined over its socket: the socket and the component's id. */
async function joined(run: string): Promise<{ ws: WebSocket; id: string; cookie: string }> {
  const res = await fetch(url)
  const cookie = res.headers.get('set-cookie')!.split(';')[0]
  const [, id, tok] = /id="([^"]+)" reactor-component="[^"]+" state="([^"]+)"/.exec(await res.text())!
  const ws = new WebSocket(`${url.replace('http', 'ws')}/__reactor__`, { headers: { cookie } })
  await new Promise((r) => ws.once('open', r))
  ws.send(JSON.stringify({ t: 'join', p: run, c: [{ id, tok }] }))
  return { ws, id, cookie }
}

/** A second socket sending an event every 5 ms, one at a time; stop() gives the p99 of their round trips. */
async function probe(run: string): Promise<{ stop(): Promise<number> }> {
  const { ws, id } = await joined(`probe-${run}`)
  const trips: number[] = []
  let on = true
  let q = 0
  const loop = (async () => {
    while (on) {
      const started = performance.now()
      const mine = ++q
      await new Promise<void>((resolve) => {
        const answer = (raw: WebSocket.RawData) => JSON.parse(String(raw)).q === mine && (ws.off('message', answer), resolve())
        ws.on('message', answer)
        ws.send(JSON.stringify({ t: 'ev', id, n: 'save', q: mine }))
      })
      trips.push(performance.now() - started)
      await sleep(5)
    }
  })()
  return {
    async stop() {
      on = false
      await loop
      ws.close()
      const sorted = trips.sort((a, b) => a - b)
      return Math.round(sorted[Math.floor(sorted.length * 0.99)] * 10) / 10
    },
  }
}

async function overSocket(run: string): Promise<void> {
  const { ws, id } = await joined(run)
  const ref = run.padEnd(16, 'x').slice(0, 16)
  await uploadOverSocket(ws, id, ref, data)
  ws.send(JSON.stringify({ t: 'ev', id, n: 'save', q: 1 }))
  ws.close()
}

/** The library's HTTP path, as the browser client takes it: the socket's ticket, then PUTs of PART bytes. */
async function overHttp(run: string): Promise<void> {
  const { ws, id, cookie } = await joined(run)
  const ref = run.padEnd(16, 'x').slice(0, 16)
  const answer = (): Promise<{ t: string; at?: number; u?: string }> =>
    new Promise((resolve) => ws.once('message', (raw) => resolve(JSON.parse(String(raw)))))
  const announce = () => ws.send(JSON.stringify({ t: 'up', id, n: 'file', ref, f: { name: 'big.bin', type: 'application/octet-stream', size: SIZE } }))
  let next = answer()
  announce()
  let m = await next
  while (m.t !== 'up') m = await answer()
  if (!m.u) throw new Error('the node gave no upload ticket')
  for (let at = 0; at < SIZE; ) {
    const res = await fetch(`${url}/__reactor__/upload/${m.u}?at=${at}`, { method: 'PUT', body: data.subarray(at, at + PART), headers: { cookie } })
    if (res.status !== 200) throw new Error(`PUT answered ${res.status}: ${await res.text()}`)
    at = ((await res.json()) as { at: number }).at
  }
  next = answer()
  announce()
  if ((await next).t !== 'upd') throw new Error('the socket did not find the file complete')
  ws.close()
}

async function measure(path: string, upload: () => Promise<void>) {
  await fetch(`${url}/memory`) // resets the peaks
  const events = await probe(path)
  const started = performance.now()
  await upload()
  const seconds = (performance.now() - started) / 1000
  const p99 = await events.stop()
  const memory = (await (await fetch(`${url}/memory`)).json()) as { rss: number; heap: number }
  return { mb_per_s: Math.round(SIZE / 1e6 / seconds), rss_peak_mb: Math.round(memory.rss / 1e6), heap_peak_mb: Math.round(memory.heap / 1e6), probe_p99_ms: p99 }
}

const range = (list: number[]) => [Math.min(...list), Math.max(...list)]
const server = await startNode('bench/upload-path-server.ts', PORT)
try {
  const runs: Record<'floor' | 'socket' | 'http', Array<Awaited<ReturnType<typeof measure>>>> = { floor: [], socket: [], http: [] }
  for (let run = 0; run < RUNS; run++) {
    runs.floor.push(await measure('floor', () => sleep(1000)))
    runs.socket.push(await measure(`socket${run}`, () => overSocket(`socket${run}`)))
    runs.http.push(await measure(`http${run}`, () => overHttp(`http${run}`)))
  }
  const summary = Object.fromEntries(
    (['socket', 'http'] as const).map((path) => [path, Object.fromEntries(Object.keys(runs[path][0]).map((k) => [k, range(runs[path].map((r) => r[k as keyof (typeof runs)['http'][0]]))]))]),
  )
  console.log(JSON.stringify({ upload_path: { file_mb: SIZE / 1e6, part_bytes: PART, runs: RUNS, probe_p99_ms_floor: range(runs.floor.map((r) => r.probe_p99_ms)), ...summary, each: { ...runs, floor: runs.floor.map((r) => ({ probe_p99_ms: r.probe_p99_ms })) } } }))
} finally {
  server.kill('SIGTERM')
}
