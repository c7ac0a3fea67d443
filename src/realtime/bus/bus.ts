// The broadcast bus: names published on one node reach the listeners of every node.
/** `catchingUp`: not a publish, but a node back on Redis re-rendering what may have changed meanwhile */
export type Listener = (name: string, catchingUp?: boolean) => void

export interface Bus {
  /** Publishes `name` to every node (this one included). */
  publish(name: string): Promise<void>
  /** Listens to `name` on this node; the returned function stops listening. Channels are reference counted. */
  subscribe(name: string, listener: Listener): () => void
  close(): Promise<void>
  /** This node's listeners (MemoryBus and RedisBus have them): a change feed every node hears delivers to them. */
  readonly channels?: Channels
}

/** Listeners by channel name, with the reference counting every bus needs. */
export class Channels {
  private readonly listeners = new Map<string, Set<Listener>>()
  /** names this node published, and names delivered to this node (its own included), since it started */
  published = 0
  received = 0

  /** Adds a listener; `first` runs when the channel gains its first one, `last` when it loses it. */
  add(name: string, listener: Listener, first?: (name: string) => void, last?: (name: string) => void): () => void {
    let set = this.listeners.get(name)
    if (!set) {
      this.listeners.set(name, (set = new Set()))
      first?.(name)
    }
    set.add(listener)
    return () => {
      if (!set.delete(listener) || set.size > 0) return
      this.listeners.delete(name)
      last?.(name)
    }
  }

  deliver(name: string, catchingUp = false): void {
    this.received++
    for (const listener of this.listeners.get(name) ?? []) listener(name, catchingUp)
  }

  /** The channels with at least one listener. */
  get names(): string[] {
    return [...this.listeners.keys()]
  }

  count(name: string): number {
    return this.listeners.get(name)?.size ?? 0
  }
}
