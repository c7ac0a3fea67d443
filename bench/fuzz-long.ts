// The long message fuzzer: 100,000 seeded frames (FRAMES, SEED) at one node over a real WebSocket, after a
// warm-up; prints the node's memory before and after (heap after a full GC, and RSS), what it answered, and
// whether every answer was well-formed. Run with --expose-gc (see bench/README.md).
import { pageTarget } from '../spec/support/fuzz.js'
import { fuzz } from '../spec/support/fuzz-run.js'
import { getPage, startExample } from '../spec/support/server.js'

const FRAMES = Number(process.env.FRAMES ?? 100_000)
const SEED = Number(process.env.SEED ?? 2026)
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with node --expose-gc --import tsx bench/fuzz-long.ts')

let logged = 0
const node = await startExample({ logger: { warn: () => void logged++, error: () => void logged++ } })
const page = await getPage(`${node.url}/two`)
const target = pageTarget(page.components)
const memory = () => {
  gc!()
  const { heapUsed, rss } = process.memoryUsage()
  return { heap_mb: Math.round(heapUsed / 1e5) / 10, rss_mb: Math.round(rss / 1e5) / 10 }
}

await fuzz(node.url, page.cookie, target, 2_000, SEED + 1)
const before = memory()
const started = Date.now()
const run = await fuzz(node.url, page.cookie, target, FRAMES, SEED)
const seconds = (Date.now() - started) / 1000
const after = memory()
const alive = (await fetch(`${node.url}/two`)).status === 200
await node.close()
console.log(JSON.stringify({
  fuzz_frames: run.frames,
  fuzz_seed: SEED,
  fuzz_seconds: seconds,
  fuzz_answers: run.answers,
  fuzz_malformed_answers: run.malformed.length,
  fuzz_first_malformed: run.malformed.slice(0, 3),
  fuzz_node_alive_after: alive,
  fuzz_socket_closed_by_node: run.closed,
  fuzz_lines_logged: logged,
  fuzz_memory_before: before,
  fuzz_memory_after: after,
  fuzz_answers_by_kind: run.kinds,
}, null, 2))
