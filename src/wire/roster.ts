// The components one socket follows, and those it stopped following (so that a late event for one is
// answered with its removal rather than an error). Most pages follow one component: it is held as it is, and
// a Map is made for the second (every idle socket pays for what it holds).
import type { LiveComponent } from './live.js'

export class Roster {
  private one?: LiveComponent
  private many?: Map<string, LiveComponent>
  /** made on first use */
  private gone?: Set<string>

  get(id: string): LiveComponent | undefined {
    return this.many ? this.many.get(id) : this.one?.id === id ? this.one : undefined
  }

  get size(): number {
    return this.many ? this.many.size : this.one ? 1 : 0
  }

  has(id: string): boolean {
    return this.get(id) !== undefined
  }

  /** Whether `live` is still the component this socket follows under its id (not removed meanwhile). */
  follows(live: LiveComponent): boolean {
    return this.get(live.id) === live
  }

  /** Follows `live`; a component it replaces under the same id is released (its broadcasts, presence and
   * running handler stop), whoever replaced it, so that nothing it holds outlives the socket. */
  add(live: LiveComponent): void {
    const replaced = this.get(live.id)
    if (replaced && replaced !== live) replaced.gone()
    if (this.many) this.many.set(live.id, live)
    else if (!this.one || this.one.id === live.id) this.one = live
    else {
      this.many = new Map([[this.one.id, this.one], [live.id, live]])
      this.one = undefined
    }
  }

  wasGone(id: string): boolean {
    return this.gone?.has(id) ?? false
  }

  /** The components nested directly in component `id`. */
  *childrenOf(id: string): Iterable<LiveComponent> {
    for (const child of this.all) if (child.claims.pid === id) yield child
  }

  /** Stops following a component and the components nested in it. */
  forget(live: LiveComponent | undefined): void {
    if (!live) return
    live.gone()
    if (this.many) this.many.delete(live.id)
    else if (this.one?.id === live.id) this.one = undefined
    ;(this.gone ??= new Set()).add(live.id)
    for (const child of this.childrenOf(live.id)) this.forget(child)
  }

  get all(): LiveComponent[] {
    return this.many ? [...this.many.values()] : this.one ? [this.one] : []
  }

  forgetAll(): void {
    for (const live of this.all) if (this.follows(live)) this.forget(live)
  }
}
