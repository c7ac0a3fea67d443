// This node's numbers, kept while a dashboard is mounted: the sockets open (and the components they hold), every
// event's time from its arrival to its answer in one-second histograms of the last minute, errors by code, each
// handler's count, mean and slowest time, and the broadcasts published and received. Everything is bounded: 60
// histograms of 96 buckets, at most 200 handlers and 100 error codes, whatever the traffic.
import type { Host } from '../../wire/host.js'
import { addInto, BUCKETS, bucketOf, sparse } from './histogram.js'

/** the event times shown (p50, p99) are of the last minute; the rate of the last 10 seconds */
export const WINDOW_S = 60
export const RATE_S = 10
const MAX_HANDLERS = 200
const MAX_CODES = 100
/** the handlers a snapshot lists, slowest first */
export const TOP_HANDLERS = 10

/** A handler's times on a node (or summed over the cluster). */
export interface HandlerTime {
  /** component.handler */
  name: string
  count: number
  meanMs: number
  maxMs: number
}

/** What a node reports: its numbers at `at` (ms since the epoch). */
export interface NodeSnapshot {
  node: string
  at: number
  /** seconds since the dashboard was mounted on the node */
  up: number
  sockets: number
  components: number
  /** events since the dashboard was mounted */
  events: number
  /** events per second over the last 10 seconds */
  rate: number
  /** the event times of the last minute: [bucket, count] pairs (histogram.ts) */
  times: Array<[number, number]>
  /** errors answered since the dashboard was mounted, by code */
  errors: Record<string, number>
  slowest: HandlerTime[]
  broadcasts: { published: number; received: number }
  /** the process's resident memory, in bytes */
  memory: number
}

interface Second {
  second: number
  count: number
  times: Uint32Array
}

interface Totals {
  count: number
  totalMs: number
  maxMs: number
}

export class NodeStats {
  /** the sockets open on this node (a component socket each page holds) */
  readonly hosts = new Set<Host>()
  private readonly seconds: Second[] = []
  private readonly handlers = new Map<string, Totals>()
  private readonly errors = new Map<string, number>()
  private readonly since = Date.now()
  private events = 0
  published = 0
  received = 0

  /** An event of handler `name` (undefined: not a declared handler) took `ms`. */
  record(name: string | undefined, ms: number): void {
    this.events++
    const now = Math.floor(Date.now() / 1000)
    const slot = this.secondOf(now)
    slot.count++
    slot.times[bucketOf(ms)]++
    if (name === undefined) return
    let totals = this.handlers.get(name)
    if (!totals) {
      if (this.handlers.size >= MAX_HANDLERS) return
      this.handlers.set(name, (totals = { count: 0, totalMs: 0, maxMs: 0 }))
    }
    totals.count++
    totals.totalMs += ms
    if (ms > totals.maxMs) totals.maxMs = ms
  }

  /** The socket answered an error with `code`. */
  failed(code: string): void {
    const seen = this.errors.get(code)
    if (seen !== undefined) this.errors.set(code, seen + 1)
    else if (this.errors.size < MAX_CODES) this.errors.set(code, 1)
  }

  snapshot(node: string): NodeSnapshot {
    const now = Date.now()
    const second = Math.floor(now / 1000)
    const times = new Uint32Array(BUCKETS)
    let recent = 0
    for (const slot of this.seconds) {
      if (!slot) continue // a second of the ring no event reached yet
      const age = second - slot.second
      if (age >= WINDOW_S) continue
      addInto(times, slot.times)
      // the current second is not over: the rate counts the 10 whole seconds before it
      if (age >= 1 && age <= RATE_S) recent += slot.count
    }
    let components = 0
    for (const host of this.hosts) components += host.roster.size
    return {
      node,
      at: now,
      up: Math.round((now - this.since) / 1000),
      sockets: this.hosts.size,
      components,
      events: this.events,
      rate: recent / RATE_S,
      times: sparse(times),
      errors: Object.fromEntries(this.errors),
      slowest: slowest([...this.handlers].map(([name, t]) => ({ name, count: t.count, meanMs: t.totalMs / t.count, maxMs: t.maxMs }))),
      broadcasts: { published: this.published, received: this.received },
      memory: process.memoryUsage.rss(),
    }
  }

  private secondOf(second: number): Second {
    const i = second % WINDOW_S
    const slot = this.seconds[i]
    if (slot?.second === second) return slot
    if (!slot) return (this.seconds[i] = { second, count: 0, times: new Uint32Array(BUCKETS) })
    slot.second = second
    slot.count = 0
    slot.times.fill(0)
    return slot
  }
}

/** The handlers with the highest mean time, first. */
export function slowest(handlers: HandlerTime[]): HandlerTime[] {
  return handlers.sort((a, b) => b.meanMs - a.meanMs).slice(0, TOP_HANDLERS)
}
