// The whole cluster's numbers. The bus carries names, not data: while a dashboard is open, its node publishes
// WATCHED about once a second; every node that mounted the dashboard hears it and writes its snapshot into one
// Redis hash (a field per node); the dashboard reads the hash. A node that stops writing (stopped, killed, cut
// off) drops off once its snapshot is older than `staleMs`. With the in-memory bus (one node), it is this node.
import type { Bus } from '../../realtime/bus/bus.js'
import { sharedRedis, type SharedRedis } from '../../realtime/bus/shared.js'
import type { Logger } from '../../wire/errors.js'
import type { NodeSnapshot } from './stats.js'

/** the bus name a watching dashboard publishes */
export const WATCHED = 'koa-reactor:dashboard'
/** a node writes (and a dashboard asks) at most this often */
const EVERY_MS = 800
/** the hash expires when no node writes for this long */
const KEEP_MS = 60_000

const HGETALL = `return redis.call('HGETALL', KEYS[1])`

export class ClusterStats {
  private readonly redis?: SharedRedis
  private readonly key: string
  private stop?: () => void
  private askedAt = 0
  private wroteAt = 0
  private warned = false

  constructor(
    private readonly bus: Bus,
    private readonly own: () => NodeSnapshot,
    private readonly node: string,
    private readonly staleMs: number,
    private readonly log: Logger,
  ) {
    this.redis = sharedRedis(bus)
    this.key = `${this.redis?.prefix ?? ''}dashboard:nodes`
  }

  /** Listens for a watching dashboard (on any node), to report this node's numbers. */
  start(): void {
    if (this.redis && !this.stop) this.stop = this.bus.subscribe(WATCHED, () => void this.report())
  }

  /** Every node's snapshot, this one's first; the others as they last reported (asked to report again). */
  async nodes(): Promise<NodeSnapshot[]> {
    const own = this.own()
    if (!this.redis) return [own]
    const now = Date.now()
    if (now - this.askedAt >= EVERY_MS) {
      this.askedAt = now
      void this.bus.publish(WATCHED).catch(() => undefined)
    }
    return [own, ...(await this.reported(now)).filter((s) => s.node !== this.node)]
  }

  /** Stops reporting, and takes this node off the dashboards at once. */
  async close(): Promise<void> {
    this.stop?.()
    this.stop = undefined
    if (this.redis?.commands.status === 'ready') await this.redis.commands.multi().hdel(this.key, this.node).exec().catch(() => undefined)
  }

  private async report(): Promise<void> {
    const now = Date.now()
    if (!this.redis || now - this.wroteAt < EVERY_MS) return
    this.wroteAt = now
    try {
      await this.redis.commands.multi().hset(this.key, this.node, JSON.stringify(this.own())).pexpire(this.key, KEEP_MS).exec()
    } catch (error) {
      this.warnOnce(error)
    }
  }

  private async reported(now: number): Promise<NodeSnapshot[]> {
    let flat: unknown
    try {
      flat = await this.redis!.commands.eval(HGETALL, 1, this.key)
    } catch (error) {
      return this.warnOnce(error), []
    }
    const found: NodeSnapshot[] = []
    if (!Array.isArray(flat)) return found
    for (let i = 1; i < flat.length; i += 2) {
      const snapshot = parsed(flat[i])
      if (snapshot && now - snapshot.at < this.staleMs) found.push(snapshot)
    }
    return found.sort((a, b) => a.node.localeCompare(b.node))
  }

  private warnOnce(error: unknown): void {
    if (this.warned) return
    this.warned = true
    this.log.warn(`koa-reactor: the dashboard could not read or write the nodes' numbers in Redis (${(error as Error)?.message}); it shows this node only until Redis answers`)
  }
}

/** A snapshot another node wrote, or undefined when it is not one (the numbers are checked where they are shown). */
function parsed(text: unknown): NodeSnapshot | undefined {
  try {
    const value = JSON.parse(String(text)) as NodeSnapshot
    return typeof value?.node === 'string' && Number.isFinite(value.at) ? value : undefined
  } catch {
    return undefined
  }
}
