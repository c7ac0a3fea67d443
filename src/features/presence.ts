// Presence: who is on a topic, on every node. A component tracks itself on a topic (`this.presence(topic)
// .track(meta)`); the entry travels in its token as a topic and a small meta, and the socket that holds the
// component keeps it in the store while it is joined. A component that lists a topic re-renders when an entry
// comes, changes or goes (the broadcast `presence:<topic>`). One node: in memory. A cluster: Redis (see
// presence-redis.ts), where entries expire unless their node renews them, so a dead node's users go too.
import { randomBytes } from 'node:crypto'
import type { Runtime } from '../core/component.js'

export type Meta = Record<string, unknown>

/** Someone on a topic: the entry's id (one per component on a socket) and what it tracked. */
export interface Present {
  id: string
  meta: Meta
}

export interface PresenceStore {
  /** Adds or updates an entry, and tells the topic's listeners on every node. */
  join(topic: string, id: string, meta: Meta): Promise<void>
  /** Removes an entry, and tells the topic's listeners. */
  leave(topic: string, id: string): Promise<void>
  /** The entries of a topic, the earliest joined first. */
  list(topic: string): Promise<Present[]>
  close(): Promise<void>
}

export const presenceChannel = (topic: string) => `presence:${topic}`

/** The largest meta an entry may carry (it rides in the component's token). */
export const MAX_META_BYTES = 1024

/** Presence on one node. */
export class MemoryPresence implements PresenceStore {
  private readonly topics = new Map<string, Map<string, Meta>>()

  constructor(private readonly publish: (name: string) => Promise<void>) {}

  async join(topic: string, id: string, meta: Meta): Promise<void> {
    const entries = this.topics.get(topic) ?? this.topics.set(topic, new Map()).get(topic)!
    entries.set(id, meta)
    await this.publish(presenceChannel(topic))
  }

  async leave(topic: string, id: string): Promise<void> {
    const entries = this.topics.get(topic)
    if (!entries?.delete(id)) return
    if (!entries.size) this.topics.delete(topic)
    await this.publish(presenceChannel(topic))
  }

  async list(topic: string): Promise<Present[]> {
    return [...(this.topics.get(topic) ?? [])].map(([id, meta]) => ({ id, meta }))
  }

  async close(): Promise<void> {}
}

/** What `this.presence(topic)` gives a component. */
export class Topic {
  constructor(readonly topic: string, private readonly rt: Runtime) {}

  /** Puts this component on the topic with `meta` (small: it travels in the token) while its page is joined. */
  track(meta: Meta = {}): this {
    const size = Buffer.byteLength(JSON.stringify(meta) ?? '')
    if (size > MAX_META_BYTES) throw new Error(`koa-reactor: presence meta for ${this.topic} is ${size} bytes; keep it under ${MAX_META_BYTES} (an id and a name, not a record)`)
    ;(this.rt.tracks ??= {})[this.topic] = JSON.parse(JSON.stringify(meta))
    return this
  }

  /** Takes this component off the topic. */
  untrack(): this {
    if (this.rt.tracks) delete this.rt.tracks[this.topic]
    return this
  }

  /** Who is on the topic; the component is then re-rendered whenever that changes, on any node. */
  async list(): Promise<Present[]> {
    if (!this.rt.presence) throw new Error('koa-reactor: presence needs a Reactor (this component was not built by one)')
    ;(this.rt.subscriptions ??= new Set()).add(presenceChannel(this.topic))
    return this.rt.presence.list(this.topic)
  }
}

/** The topics one component tracks from one socket, kept in step with its newest token. */
export class Tracked {
  // made on first use: most components track nothing, and every idle socket's component pays for what it holds
  private ownId?: string
  private heldTopics?: Map<string, string>

  constructor(
    private readonly store: PresenceStore | undefined,
    /** after this component joined a topic: it re-renders too (its own broadcast may reach no listener yet) */
    private readonly joined: (topic: string) => void,
    private readonly fail: (error: unknown) => void,
  ) {}

  get id(): string {
    return (this.ownId ??= randomBytes(9).toString('base64url'))
  }

  /** Joins the topics `wanted` names (again when its meta changed) and leaves the others. */
  sync(wanted: Record<string, Meta> = {}): void {
    if (!this.store) return
    this.clear(wanted)
    for (const [topic, meta] of Object.entries(wanted)) {
      const text = JSON.stringify(meta)
      const held = (this.heldTopics ??= new Map())
      if (held.get(topic) === text) continue
      held.set(topic, text)
      this.store.join(topic, this.id, meta).then(() => this.joined(topic), this.fail)
    }
  }

  /** Leaves the topics held that `kept` does not name (all of them by default). */
  clear(kept: Record<string, Meta> = {}): void {
    for (const topic of this.heldTopics?.keys() ?? []) if (!Object.hasOwn(kept, topic)) this.leave(topic)
  }

  private leave(topic: string): void {
    this.heldTopics?.delete(topic)
    this.store?.leave(topic, this.id).catch(this.fail)
  }
}
