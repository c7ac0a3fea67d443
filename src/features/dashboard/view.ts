// What the dashboard shows, made from the nodes' snapshots: a row per node and one for the cluster (its event
// times from the nodes' histograms added up), the errors by code, and the slowest handlers over every node.
import { addInto, BUCKETS, dense, percentile } from './histogram.js'
import { slowest, type HandlerTime, type NodeSnapshot } from './stats.js'

export interface Row {
  node: string
  sockets: number
  components: number
  rate: number
  events: number
  p50?: number
  p99?: number
  errors: number
  published: number
  received: number
  memory: number
  up: number
}

export interface DashboardView {
  /** this node's name */
  self: string
  nodes: Row[]
  cluster: Row
  /** errors by code over the cluster, the most frequent first */
  errors: Array<{ code: string; count: number }>
  slowest: HandlerTime[]
}

const count = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : 0)

function rowOf(s: NodeSnapshot, times: number[]): Row {
  return {
    node: s.node,
    sockets: count(s.sockets),
    components: count(s.components),
    rate: count(s.rate),
    events: count(s.events),
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    errors: Object.values(s.errors ?? {}).reduce((sum: number, n) => sum + count(n), 0),
    published: count(s.broadcasts?.published),
    received: count(s.broadcasts?.received),
    memory: count(s.memory),
    up: count(s.up),
  }
}

export function viewOf(snapshots: NodeSnapshot[]): DashboardView {
  const times = new Array<number>(BUCKETS).fill(0)
  const errors = new Map<string, number>()
  const handlers = new Map<string, HandlerTime>()
  const nodes = snapshots.map((s) => {
    const own = dense(s.times)
    addInto(times, own)
    for (const [code, n] of Object.entries(s.errors ?? {})) errors.set(code, (errors.get(code) ?? 0) + count(n))
    for (const h of Array.isArray(s.slowest) ? s.slowest : []) addHandler(handlers, h)
    return rowOf(s, own)
  })
  const sum = (field: keyof Row) => nodes.reduce((total, row) => total + (row[field] as number), 0)
  const cluster: Row = {
    ...rowOf({ node: 'cluster' } as NodeSnapshot, times),
    ...Object.fromEntries((['sockets', 'components', 'rate', 'events', 'errors', 'published', 'received', 'memory'] as const).map((f) => [f, sum(f)])),
    up: Math.max(0, ...nodes.map((n) => n.up)),
  }
  return {
    self: snapshots[0]?.node ?? '',
    nodes,
    cluster,
    errors: [...errors].map(([code, n]) => ({ code, count: n })).sort((a, b) => b.count - a.count),
    slowest: slowest([...handlers.values()]),
  }
}

/** Adds a node's times of a handler to the cluster's (a mean weighted by the counts). */
function addHandler(handlers: Map<string, HandlerTime>, h: HandlerTime): void {
  if (typeof h?.name !== 'string') return
  const had = handlers.get(h.name)
  const [n, mean, max] = [count(h.count), count(h.meanMs), count(h.maxMs)]
  if (!had) return void handlers.set(h.name, { name: h.name, count: n, meanMs: mean, maxMs: max })
  const total = had.count + n
  had.meanMs = total ? (had.meanMs * had.count + mean * n) / total : 0
  had.count = total
  had.maxMs = Math.max(had.maxMs, max)
}

/** A duration for people: 0.42 ms, 12 ms, 1.3 s; a dash when there is none. */
export function ms(value: number | undefined): string {
  if (value === undefined) return '–'
  if (value >= 1000) return `${(value / 1000).toFixed(1)} s`
  return `${value >= 10 ? Math.round(value) : value.toPrecision(2)} ms`
}

/** Bytes for people: 84 MB. */
export function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1e6)} MB`
}

/** Seconds for people: 42 s, 7 min, 3 h. */
export function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`
  return `${Math.round(seconds / 3600)} h`
}
