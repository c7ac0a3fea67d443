// Bytes allocated per counter event on the socket path (socket-path.ts's driver), by V8's sampling heap profiler
// with the objects garbage collection took counted too. Statistical (one sample per SAMPLE bytes on average):
// compare runs, not single figures. Prints JSON.
//
//   N=20000 npx tsx bench/event-allocation.ts          (BY=1: and the 25 functions that allocated most)
import { Session } from 'node:inspector/promises'
import { XCounter } from '../example/components/counter.js'
import { Reactor } from '../src/index.js'
import { socketPath } from './socket-driver.js'

const N = Number(process.env.N ?? 20_000)
// the driver logs to the console, whose `debug` would print every event
console.debug = () => {}
const SAMPLE = 256

interface Node { selfSize: number; children: Node[]; callFrame: { functionName: string; url: string } }
const total = (node: Node): number => node.selfSize + node.children.reduce((sum, child) => sum + total(child), 0)

function byFunction(head: Node): Record<string, number> {
  const bytes = new Map<string, number>()
  const walk = (node: Node, caller: string) => {
    const { functionName, url } = node.callFrame
    const name = url ? `${functionName || '(anonymous)'} ${url.replace(/^.*?\/(src|bench|node_modules)\//, '$1/')}` : `${caller} > ${functionName}`
    bytes.set(name, (bytes.get(name) ?? 0) + node.selfSize)
    for (const child of node.children) walk(child, url ? name : caller)
  }
  walk(head, '')
  const top = [...bytes].sort((a, b) => b[1] - a[1]).slice(0, 25)
  return Object.fromEntries(top.map(([name, size]) => [name, Math.round(size / N)]))
}

const reactor = new Reactor({ secret: 'bench-secret-0123456789abcdef', views: 'example/views', components: [XCounter], watch: false, development: false, ...(process.env.OFF ? { telemetry: false } : {}) })
await socketPath(reactor, 'x-counter', 'inc', 2_000) // warm-up: compiled code, caches
const session = new Session()
session.connect()
await session.post('HeapProfiler.startSampling', { samplingInterval: SAMPLE, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true })
await socketPath(reactor, 'x-counter', 'inc', N)
const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: Node } }
// BY=1: also the functions that allocated most (a native function's bytes under the function that called it)
console.log(JSON.stringify({ n: N, bytes_per_event: Math.round(total(profile.head) / N), ...(process.env.BY ? { by_function: byFunction(profile.head) } : {}) }))
