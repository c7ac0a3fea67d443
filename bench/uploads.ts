// A 50 MB upload over loopback through the page's socket, as the browser client sends it (256 KiB chunks, each
// acknowledged before the next): throughput, and the node's resident memory (VmRSS, sampled every 20 ms) before
// and during it. The node (bench/uploads-server.ts) runs in its own process.
import { readFileSync } from 'node:fs'
import WebSocket from 'ws'
import { uploadOverSocket } from './lib/socket-upload.js'
import { CHUNK } from '../src/features/uploads/parts.js'
import { startNode } from './node.js'

const PORT = 20_000 + Math.floor(Math.random() * 1000)
const url = `http://127.0.0.1:${PORT}`
const SIZE = 50 * 1024 * 1024
const rss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024

const server = await startNode('bench/uploads-server.ts', PORT)
try {
  const runs = []
  for (let run = 0; run < 3; run++) {
    const res = await fetch(url)
    const cookie = res.headers.get('set-cookie')!.split(';')[0]
    const [, id, tok] = /id="([^"]+)" reactor-component="[^"]+" state="([^"]+)"/.exec(await res.text())!
    const ws = new WebSocket(`${url.replace('http', 'ws')}/__reactor__`, { headers: { cookie } })
    await new Promise((r) => ws.once('open', r))
    ws.send(JSON.stringify({ t: 'join', p: `bench-${run}`, c: [{ id, tok }] }))
    const data = Buffer.alloc(SIZE, 7)
    const ref = `benchupload${run}`.padEnd(16, 'x')
    const before = rss(server.pid!)
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, rss(server.pid!))), 20)
    const started = performance.now()
    await uploadOverSocket(ws, id, ref, data)
    const seconds = (performance.now() - started) / 1000
    clearInterval(sampler)
    ws.send(JSON.stringify({ t: 'ev', id, n: 'save', q: 1 }))
    ws.close()
    runs.push({ mb_per_s: Math.round(SIZE / 1e6 / seconds), rss_before_mb: Math.round(before / 1e6), rss_peak_mb: Math.round(peak / 1e6) })
  }
  console.log(JSON.stringify({ uploads: { file_mb: SIZE / 1e6, chunk_kib: CHUNK / 1024, runs } }))
} finally {
  server.kill('SIGTERM')
}
