// Which events were applied, across the nodes. A browser re-sends the events it got no answer for after a
// reconnect; when the answer was lost after the event ran, the node the browser lands on answers with the
// state the event left instead of running it twice. (One node remembers its own answers in memory; this is the
// shared part, kept in Redis when the cluster's bus is.)
import type { Redis } from 'ioredis'

export interface AppliedEvents {
  /** Records that event `key` left its component with `token`. */
  record(key: string, token: string): void
  /** The token event `key` left, if it was applied on any node (and not long ago). */
  lookup(key: string): Promise<string | undefined>
}

export class RedisAppliedEvents implements AppliedEvents {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'reactor:applied:',
    /** seconds an event is remembered: longer than a browser takes to reconnect */
    private readonly ttl = 300,
  ) {}

  record(key: string, token: string): void {
    if (this.redis.status === 'ready') this.redis.set(this.prefix + key, token, 'EX', this.ttl).catch(() => undefined)
  }

  async lookup(key: string): Promise<string | undefined> {
    if (this.redis.status !== 'ready') return undefined
    return (await this.redis.get(this.prefix + key).catch(() => null)) ?? undefined
  }
}
