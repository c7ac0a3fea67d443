// The events a node is running: a node that shuts down waits for them to be answered before it closes its
// sockets (koa/shutdown.ts).

export class Running {
  private count = 0
  private waiters: Array<() => void> = []

  /** An event from a browser was taken: it runs until `end`. */
  begin(): void {
    this.count++
  }

  /** An event ended (answered or failed). One function for every event: no closure each. */
  readonly end = (): void => {
    if (--this.count > 0) return
    for (const wake of this.waiters.splice(0)) wake()
  }

  get size(): number {
    return this.count
  }

  /** Resolves once no event runs (at once if none does). */
  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve))
  }
}
