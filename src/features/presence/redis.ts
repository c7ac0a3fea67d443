// Presence across a cluster, in Redis. Each topic is a sorted set of entry ids scored by when they expire, and a
// hash of their meta. A node renews its own entries every `renewMs` (they expire after `ttlMs` without it), and
// sweeps the topics its components list: entries of a node that died are removed by whichever node sweeps
// first, which then tells the topic's listeners (only one node gets the removal, so only one publishes).
// Without Redis (not connected yet, or lost), a node lists its own entries and writes them once it is back.
import type { RedisClient } from '../../realtime/bus/redis-client.js'
import type { Bus } from '../../realtime/bus/bus.js'
import { sharedRedis } from '../../realtime/bus/shared.js'
import { MemoryPresence, presenceChannel, type Meta, type Present, type PresenceStore } from './store.js'

export interface RedisPresenceOptions {
  /** key prefix, shared with the bus; default `reactor:` */
  prefix?: string
  /** an entry not renewed for this long is gone; default 5 s */
  ttlMs?: number
  /** how often this node renews its entries and sweeps its topics; default 1.5 s */
  renewMs?: number
}

const SWEEP = `
local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if #gone > 0 then
  redis.call('ZREM', KEYS[1], unpack(gone))
  redis.call('HDEL', KEYS[2], unpack(gone))
end
return #gone`

// writes a node's entries with a fresh expiry; returns how many were gone (expired, swept, or lost with Redis)
const RENEW = `
local back = 0
for i = 4, #ARGV, 2 do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if not score or tonumber(score) < tonumber(ARGV[1]) then back = back + 1 end
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[i])
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return back`

export class RedisPresence implements PresenceStore {
  private readonly prefix: string
  private readonly ttl: number
  /** this node's entries: topic -> id -> the hash value (join time and meta) */
  private readonly mine = new Map<string, Map<string, string>>()
  private readonly timer: NodeJS.Timeout
  /** topics whose entries could not be written: written and announced on the next tick */
  private readonly unwritten = new Set<string>()

  constructor(
    private readonly redis: RedisClient,
    private readonly publish: (name: string) => Promise<void>,
    /** the topics this node's components list, to sweep */
    private readonly listened: () => string[],
    options: RedisPresenceOptions = {},
  ) {
    this.prefix = options.prefix ?? 'reactor:'
    this.ttl = options.ttlMs ?? 5000
    this.timer = setInterval(() => void this.tick().catch(() => undefined), options.renewMs ?? 1500)
    this.timer.unref()
  }

  /**
   * The topic's sorted set and hash of metas: apart by their prefixes, so no topic's name is another's key, and in
   * one hash slot (the `{t:topic}` hash tag) for MULTI and the sweep on a Redis Cluster.
   */
  private keys(topic: string): [string, string] {
    return [`${this.prefix}presence:{t:${topic}}`, `${this.prefix}presence-meta:{t:${topic}}`]
  }

  async join(topic: string, id: string, meta: Meta): Promise<void> {
    const entries = this.mine.get(topic) ?? this.mine.set(topic, new Map()).get(topic)!
    const value = JSON.stringify({ at: Date.now(), meta })
    entries.set(id, value)
    try {
      await this.write(topic, entries, [id])
    } catch {
      return void this.unwritten.add(topic)
    }
    await this.publish(presenceChannel(topic))
  }

  async leave(topic: string, id: string): Promise<void> {
    const entries = this.mine.get(topic)
    entries?.delete(id)
    if (entries && !entries.size) this.mine.delete(topic)
    const [set, metas] = this.keys(topic)
    // without Redis, the entry expires: no node renews it now
    const [[, removed]] = ((await this.redis.multi().zrem(set, id).hdel(metas, id).exec().catch(() => null)) ?? [[null, 0]]) as [[unknown, number]]
    if (removed) await this.publish(presenceChannel(topic))
  }

  async list(topic: string): Promise<Present[]> {
    const [set, metas] = this.keys(topic)
    let ids: string[]
    let values: Array<string | null>
    try {
      ids = await this.redis.zrangebyscore(set, Date.now(), '+inf')
      values = ids.length ? await this.redis.hmget(metas, ...ids) : []
    } catch {
      ;[ids, values] = [[...(this.mine.get(topic)?.keys() ?? [])], [...(this.mine.get(topic)?.values() ?? [])]]
    }
    return ids
      .map((id, i) => ({ id, value: values[i] ? (JSON.parse(values[i]!) as { at: number; meta: Meta }) : undefined }))
      .filter((e) => e.value)
      .sort((a, b) => a.value!.at - b.value!.at)
      .map(({ id, value }) => ({ id, meta: value!.meta }))
  }

  async close(): Promise<void> {
    clearInterval(this.timer)
  }

  /** Writes entries `ids` of `topic` (this node's) with a fresh expiry; how many of them were gone from Redis. */
  private async write(topic: string, entries: Map<string, string>, ids: Iterable<string>): Promise<number> {
    const now = Date.now()
    const pairs = [...ids].flatMap((id) => [id, entries.get(id)!])
    return (await this.redis.eval(RENEW, 2, ...this.keys(topic), now, now + this.ttl, this.ttl * 4, ...pairs)) as number
  }

  /**
   * Renews this node's entries (and tells a topic's listeners when some had gone: after Redis was away longer
   * than an entry lives, the other nodes dropped them), then sweeps the expired entries of the topics its components list.
   */
  private async tick(): Promise<void> {
    for (const [topic, entries] of this.mine) await this.each(topic, async () => (await this.write(topic, entries, entries.keys())) > 0)
    for (const topic of this.unwritten) (this.unwritten.delete(topic), await this.publish(presenceChannel(topic)))
    for (const topic of this.listened()) await this.each(topic, async () => ((await this.redis.eval(SWEEP, 2, ...this.keys(topic), Date.now())) as number) > 0)
  }

  /** Runs one topic's part of a tick (a topic that fails stops no other); tells its listeners when it changed. */
  private async each(topic: string, work: () => Promise<boolean>): Promise<void> {
    if (await work().catch(() => false)) await this.publish(presenceChannel(topic))
  }
}

/** Presence kept where the bus reaches: Redis for a Redis or Redis Cluster bus (sweeping the topics this node's components list). */
export function presenceFor(bus: Bus): PresenceStore {
  const publish = (name: string) => bus.publish(name)
  const redis = sharedRedis(bus)
  if (!redis) return new MemoryPresence(publish)
  const prefix = presenceChannel('')
  const listed = () => redis.channels.names.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length))
  return new RedisPresence(redis.commands, publish, listed, { prefix: redis.prefix })
}
