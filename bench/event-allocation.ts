// Bytes allocated per counter event on the socket path (socket-path.ts's driver), by V8's sampling heap profiler
// with the objects garbage collection took counted too. Statistical (one sample per SAMPLE bytes on average):
// compare runs, not single figures. Prints JSON.
//
//   N=20000 npx tsx bench/event-allocation.ts
import { Session } from 'node:inspector/promises'
import { XCounter } from '../example/components/counter.js'
import { Reactor } from '../src/index.js'
import { socketPath } from './socket-driver.js'

const N = Number(process.env.N ?? 20_000)
// the driver logs to the console, whose `debug` would print every event
console.debug = () => {}
const SAMPLE = 256

interface Node { selfSize: number; children: Node[] }
const total = (node: Node): number => node.selfSize + node.children.reduce((sum, child) => sum + total(child), 0)

const reactor = new Reactor({ secret: 'bench-secret-0123456789abcdef', views: 'example/views', components: [XCounter], watch: false, development: false, ...(process.env.OFF ? { telemetry: false } : {}) })
await socketPath(reactor, 'x-counter', 'inc', 2_000) // warm-up: compiled code, caches
const session = new Session()
session.connect()
await session.post('HeapProfiler.startSampling', { samplingInterval: SAMPLE, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true })
await socketPath(reactor, 'x-counter', 'inc', N)
const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: Node } }
console.log(JSON.stringify({ n: N, bytes_per_event: Math.round(total(profile.head) / N) }))
