// Where presence entries are kept: the store's interface, and the store of one node (in memory; a cluster's is
// in redis.ts).

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
