// The components one socket follows, and those it stopped following (so that a late event for one is
// answered with its removal rather than an error).
import type { LiveComponent } from './live.js'

export class Roster {
  private readonly live = new Map<string, LiveComponent>()
  /** made on first use (every idle socket pays for what it holds) */
  private gone?: Set<string>

  get(id: string): LiveComponent | undefined {
    return this.live.get(id)
  }

  get size(): number {
    return this.live.size
  }

  has(id: string): boolean {
    return this.live.has(id)
  }

  /** Whether `live` is still the component this socket follows under its id (not removed meanwhile). */
  follows(live: LiveComponent): boolean {
    return this.live.get(live.id) === live
  }

  add(live: LiveComponent): void {
    this.live.set(live.id, live)
  }

  wasGone(id: string): boolean {
    return this.gone?.has(id) ?? false
  }

  /** The components nested directly in component `id`. */
  *childrenOf(id: string): Iterable<LiveComponent> {
    for (const child of this.live.values()) if (child.claims.pid === id) yield child
  }

  /** Stops following a component and the components nested in it. */
  forget(live: LiveComponent | undefined): void {
    if (!live) return
    live.gone()
    this.live.delete(live.id)
    ;(this.gone ??= new Set()).add(live.id)
    for (const child of this.childrenOf(live.id)) this.forget(child)
  }

  get all(): LiveComponent[] {
    return [...this.live.values()]
  }

  forgetAll(): void {
    for (const live of this.live.values()) this.forget(live)
  }
}
