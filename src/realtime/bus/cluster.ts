// The bus on Redis Cluster, with sharded pub/sub (SPUBLISH/SSUBSCRIBE, Redis 7+): each broadcast name is a
// channel of the shard that owns its slot, so a message travels to that shard's subscribers only instead of
// every Redis node of the cluster. One ioredis Cluster per app node: its command connections (one per master)
// publish and serve presence and the replay marks; one subscriber connection per master that has channels.
//
// A master that fails loses what was published on its shard until its replica takes over (and ioredis has
// resubscribed there): as on one Redis after an outage, this node's subscribed components then re-render once,
// and what it could not publish meanwhile is published again.
import type { Cluster, ClusterOptions } from 'ioredis'
import { Channels, type Bus, type Listener } from './bus.js'
import { checkRedisUrl } from './redis.js'
import type { RedisClient } from './redis-client.js'

export interface ClusterBusOptions {
  /** prepended to every channel and key, so several apps can share one cluster; default `reactor:` */
  prefix?: string
  logger?: { warn(message: string): void }
  /** passed to ioredis' Cluster (for example `{ redisOptions: { password } }`); see ioredis' ClusterOptions */
  cluster?: Record<string, unknown>
}

/** Names kept for the other nodes while their shard is away, at most. */
const MAX_MISSED = 10_000

/** How long ioredis' subscribers must stay settled after a change before the catch-up. */
const SETTLE_MS = 250

/** `redis://host:port` to ioredis' `{ host, port }` (a password in the URL goes to every node). */
function startupNode(url: string): { host: string; port: number; password?: string; username?: string } {
  const parsed = new URL(checkRedisUrl(url))
  const auth = parsed.password ? { password: decodeURIComponent(parsed.password), username: decodeURIComponent(parsed.username) || undefined } : {}
  return { host: parsed.hostname, port: Number(parsed.port || 6379), ...auth }
}

export class ClusterBus implements Bus {
  readonly channels = new Channels()
  readonly prefix: string
  private readonly log: { warn(message: string): void }
  private down = false
  private closed = false
  private readonly missed = new Set<string>()
  private settling?: NodeJS.Timeout

  private constructor(private readonly cluster: Cluster, options: ClusterBusOptions) {
    this.prefix = options.prefix ?? 'reactor:'
    this.log = options.logger ?? console
    cluster.on('smessage', (channel: string) => {
      if (channel.startsWith(this.prefix)) this.channels.deliver(channel.slice(this.prefix.length))
    })
    cluster.on('-node', () => this.lost('a node left the cluster'))
    cluster.on('error', (error: Error) => this.lost(error.message))
    // ioredis may announce its subscribers ready many times while a master fails over: act once it is quiet
    cluster.on('subscribersReady', () => this.settle())
    cluster.on('ready', () => this.settle())
  }

  /**
   * A bus on the Redis Cluster that `nodes` (some of its masters, `redis://host:port`) belong to; ioredis is
   * loaded here, so an app without Redis never loads it.
   */
  static async connect(nodes: string[], options: ClusterBusOptions = {}): Promise<ClusterBus> {
    if (!Array.isArray(nodes) || !nodes.length) throw new Error('koa-reactor: ClusterBus.connect takes a list of cluster nodes, for example ["redis://127.0.0.1:7000"]')
    const startup = nodes.map(startupNode)
    const { password, username } = startup[0]
    const { Cluster } = await import('ioredis').catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error
      throw new Error('koa-reactor: ClusterBus needs ioredis (6 or later); run `npm install ioredis` in your app')
    })
    const redisOptions = { enableOfflineQueue: true, connectionName: 'reactor', password, username }
    const settings = {
      shardedSubscribers: true,
      enableAutoPipelining: true,
      retryDelayOnFailover: 200,
      slotsRefreshInterval: 2000,
      clusterRetryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
      ...options.cluster,
      redisOptions: { ...redisOptions, ...(options.cluster?.redisOptions as object) },
    } as ClusterOptions
    return new ClusterBus(new Cluster(startup.map(({ host, port }) => ({ host, port })), settings), options)
  }

  /**
   * The connection for presence and the replay marks: a Cluster has every command they use, each routed to
   * its key's shard (in the library's own client type: the package's declarations never name ioredis).
   */
  get commands(): RedisClient {
    return this.cluster as unknown as RedisClient
  }

  /** Whether the cluster answers commands (broadcasts reach the other nodes). */
  get connected(): boolean {
    return this.cluster.status === 'ready' && !this.down
  }

  async publish(name: string): Promise<void> {
    this.channels.published++
    if (this.cluster.status !== 'ready') return this.unheard(name)
    this.cluster.spublish(this.prefix + name, '').catch(() => this.unheard(name))
  }

  subscribe(name: string, listener: Listener): () => void {
    return this.channels.add(
      name,
      listener,
      (first) => void this.cluster.ssubscribe(this.prefix + first).catch(() => undefined),
      (last) => void this.cluster.sunsubscribe(this.prefix + last).catch(() => undefined),
    )
  }

  async close(): Promise<void> {
    this.closed = true
    clearTimeout(this.settling)
    await this.cluster.quit().catch(() => this.cluster.disconnect())
  }

  /** A publish that did not reach the cluster: this node's listeners get it now, the others once it is back. */
  private unheard(name: string): void {
    this.channels.deliver(name)
    this.lost('a publish failed')
    if (this.missed.size < MAX_MISSED) this.missed.add(name)
    else if (!this.missed.has(name)) this.log.warn(`koa-reactor: more than ${MAX_MISSED} broadcast names published while the Redis Cluster is failing over; "${name.slice(0, 80)}" will not reach the other nodes`)
  }

  private lost(why: string): void {
    if (this.down || this.closed) return
    this.down = true
    this.log.warn(`koa-reactor: the Redis Cluster lost a node (${why}); broadcasts on its shard may not reach the other nodes until a replica takes over.`)
  }

  private settle(): void {
    clearTimeout(this.settling)
    this.settling = setTimeout(() => this.back(), SETTLE_MS)
    this.settling.unref()
  }

  private back(): void {
    if (!this.down || this.closed || this.cluster.status !== 'ready') return
    this.down = false
    const names = this.channels.names
    // ioredis resubscribes by itself after a failover, but not always every channel of a slot range: again
    for (const name of names) this.cluster.ssubscribe(this.prefix + name).catch(() => undefined)
    this.log.warn(`koa-reactor: the Redis Cluster is whole again; ${names.length} channel(s) subscribed, broadcasts reach every node again.`)
    for (const name of names) this.channels.deliver(name, true)
    const missed = [...this.missed]
    this.missed.clear()
    for (const name of missed) this.cluster.spublish(this.prefix + name, '').catch(() => this.unheard(name))
  }
}
