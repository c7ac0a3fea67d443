// The cluster bus: Redis pub/sub through ioredis. One publishing and one subscribing connection per node;
// a channel is subscribed while at least one component of the node listens to it.
//
// When Redis goes away, nothing throws: a publish reaches this node's own listeners at once and is kept (once
// per name) for the other nodes, the outage is logged once, ioredis reconnects by itself, the subscriptions are
// restored, the kept names are published, and every subscribed component of the node re-renders once, to catch
// up with what changed elsewhere meanwhile.
import { Channels, type Bus, type Listener } from './bus.js'
import { connectRedis as connect, type RedisClient, type RedisConnectionOptions } from './redis-client.js'

export interface RedisBusOptions {
  /** prepended to every channel, so several apps can share one Redis; default `reactor:` */
  prefix?: string
  logger?: { warn(message: string): void }
  /** passed to both ioredis connections (retryStrategy, tls, password...) */
  redis?: RedisConnectionOptions
}

/** A URL ioredis understands, or a clear error: `redis://[user:password@]host[:port][/db]`, `rediss://...`. */
export function checkRedisUrl(url: string): string {
  if (!/^rediss?:\/\/[^\s]+$/.test(url)) {
    throw new Error(`koa-reactor: the Redis URL ${JSON.stringify(url)} is not valid; use redis://host:port (or rediss:// for TLS), for example redis://127.0.0.1:6379`)
  }
  return url
}

/** Reconnect quickly at first, then every two seconds at most. */
/** Names kept for the other nodes during an outage, at most (one Set entry each). */
const MAX_MISSED = 10_000

const retryStrategy = (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2000)

export class RedisBus implements Bus {
  readonly channels = new Channels()
  private readonly pub: RedisClient
  private readonly sub: RedisClient
  readonly prefix: string
  private readonly log: { warn(message: string): void }
  private readonly where: string
  /** Redis was lost: logged once, cleared when both connections are back */
  private down = false
  private closed = false
  /** names published while Redis was away, for the other nodes once it is back (a set: each name once) */
  private readonly missed = new Set<string>()

  constructor(url: string, options: RedisBusOptions = {}) {
    this.prefix = options.prefix ?? 'reactor:'
    this.log = options.logger ?? console
    this.where = checkRedisUrl(url).replace(/\/\/[^@/]*@/, '//')
    const common: RedisConnectionOptions = { retryStrategy, ...options.redis }
    // a publish never waits for a connection: it goes to this node's listeners instead
    this.pub = connect(url, { ...common, enableOfflineQueue: false, enableAutoPipelining: true, connectionName: 'reactor-pub' })
    // the subscriptions are restored by this class from its channel counts, never replayed from a stale queue
    this.sub = connect(url, {
      ...common,
      enableOfflineQueue: false,
      autoResubscribe: false,
      autoResendUnfulfilledCommands: false,
      connectionName: 'reactor-sub',
    })
    this.sub.on('message', (channel: string) => {
      if (channel.startsWith(this.prefix)) this.channels.deliver(channel.slice(this.prefix.length))
    })
    this.sub.on('ready', () => this.resubscribe())
    for (const connection of [this.pub, this.sub]) {
      connection.on('ready', () => this.back())
      connection.on('error', (error: Error) => this.lost(error))
      connection.on('close', () => this.lost())
    }
  }

  /** The connection for commands (the subscriber's is taken by its subscriptions). */
  get commands(): RedisClient {
    return this.pub
  }

  /** Whether both connections to Redis are up (broadcasts reach the other nodes). */
  get connected(): boolean {
    return this.pub.status === 'ready' && this.sub.status === 'ready'
  }

  async publish(name: string): Promise<void> {
    this.channels.published++
    // without the subscriber, this node would not hear its own message back
    if (this.sub.status !== 'ready') this.channels.deliver(name)
    if (this.pub.status !== 'ready') return this.keep(name)
    this.pub.publish(this.prefix + name, '').catch(() => {
      this.channels.deliver(name)
      this.keep(name)
    })
  }

  /** A name the other nodes have not heard: published once Redis is back. */
  private keep(name: string): void {
    if (this.missed.size < MAX_MISSED) this.missed.add(name)
    else if (!this.missed.has(name)) this.log.warn(`koa-reactor: more than ${MAX_MISSED} broadcast names published while Redis is away; "${name.slice(0, 80)}" will not reach the other nodes`)
  }

  subscribe(name: string, listener: Listener): () => void {
    return this.channels.add(name, listener, (first) => this.command('subscribe', first), (last) => this.command('unsubscribe', last))
  }

  async close(): Promise<void> {
    this.closed = true
    await Promise.all([this.pub, this.sub].map((c) => (c.status === 'ready' ? c.quit().catch(() => c.disconnect()) : c.disconnect())))
  }

  /** Sent when connected; while disconnected, `resubscribe` catches up on reconnect. */
  private command(verb: 'subscribe' | 'unsubscribe', name: string): void {
    if (this.sub.status === 'ready') this.sub[verb](this.prefix + name).catch(() => undefined)
  }

  private resubscribe(): void {
    const names = this.channels.names
    if (names.length) this.sub.subscribe(...names.map((n) => this.prefix + n)).catch(() => undefined)
  }

  private lost(error?: Error): void {
    if (this.down || this.closed) return
    this.down = true
    const why = error ? ` (${error.message})` : ''
    this.log.warn(`koa-reactor: lost Redis at ${this.where}${why}; broadcasts reach this node only until it is back. Reconnecting in the background.`)
  }

  private back(): void {
    if (!this.down || !this.connected || this.closed) return
    this.down = false
    const names = this.channels.names
    this.log.warn(`koa-reactor: Redis at ${this.where} is back; resubscribed to ${names.length} channel(s), broadcasts reach every node again.`)
    // what was published on other nodes during the outage never arrived: re-render every subscriber once
    for (const name of names) this.channels.deliver(name, true)
    // and what this node published meanwhile reaches the others now
    const missed = [...this.missed]
    this.missed.clear()
    for (const name of missed) this.pub.publish(this.prefix + name, '').catch(() => this.keep(name))
  }
}
