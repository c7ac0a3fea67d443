// Which events were applied. A browser re-sends the events it got no answer for after a reconnect; an event
// that ran before its answer was lost is answered again, not run twice. A node remembers each component's last
// answer; with a Redis bus, the token each event left is also recorded there, for the other nodes. With the
// `applied` option, the app's database records it too, in the handler's own transaction: a node that dies after
// the commit and before its answer left the record, and the re-sent event is answered from it on any node.
import type { RedisClient } from '../realtime/bus/redis-client.js'
import { Lru } from '../core/lru.js'
import type { AppliedStore } from '../realtime/applied-table.js'
import type { ServerMessage } from './protocol.js'
import type { BrowserCopy } from './update.js'

/** An answer to event `q`, and what the browser holds once it has applied it. */
export interface Answer {
  q: number
  reply: ServerMessage
  after: BrowserCopy
}

/** Where a component's last answer on this node is kept: its socket updates it, a socket that takes over its page finds it. */
export interface Answered {
  last?: Answer
}

/** What every node shares: the token an event left, by the event's idempotency key. */
export interface SharedLog {
  record(key: string, token: string): void
  lookup(key: string): Promise<string | undefined>
}

export class AppliedEvents {
  /** each component's last answer, by `session:page:id` (one entry a component, not one an event) */
  private readonly components = new Lru<string, Answered>(10_000)

  constructor(private readonly shared?: SharedLog, readonly durable?: AppliedStore) {}

  /** Whether events are recorded by their key (for the other nodes, or in the app's store). */
  get keyed(): boolean {
    return this.shared !== undefined || this.durable !== undefined
  }

  /** The last answer of `component` (`session:page:id`) is kept in `answered`, from now on. */
  follow(component: string, answered: Answered): void {
    this.components.set(component, answered)
  }

  /** Where the last answer of `component` is kept, if this node answered it. */
  answered(component: string): Answered | undefined {
    return this.components.get(component)
  }

  /** Event `key` applied and left `token`: the other nodes can tell. */
  record(key: string, token: string): void {
    this.shared?.record(key, token)
  }

  /** The token event `key` left, if any node applied it (and not long ago). */
  async elsewhere(key: string): Promise<string | undefined> {
    return (await this.shared?.lookup(key)) ?? this.durable?.lookup(key)
  }

  /** In the handler's transaction: the app's store records the token event `key` left, for `ttl` seconds. */
  committing(key: string, token: string, ttl: number): Promise<void> {
    return this.durable!.record(key, token, Math.floor(Date.now() / 1000) + ttl)
  }
}

export class RedisLog implements SharedLog {
  constructor(
    private readonly redis: RedisClient,
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
