// Pings every socket now and then: proxies keep idle sockets open, and a peer that stopped answering is closed
// (its browser reconnects, to this node or another).

/** What the heartbeat needs of a socket. */
export interface Pinged {
  ping(): void
  terminate(): void
  on(event: 'pong', listener: (this: Pinged) => void): unknown
  /** a socket that delivers its pong to one receiver (which tells `ponged`) needs no listener */
  deliverTo?(to: never): void
}

export class Heartbeat {
  private readonly sockets = new Set<Pinged>()
  /** pinged, and not answered since */
  private readonly waiting = new Set<Pinged>()
  private timer?: NodeJS.Timeout
  /** one listener for every socket's pong (a closure each would cost every idle socket) */
  private readonly answered: (this: Pinged) => void

  constructor(private readonly intervalMs: number) {
    const waiting = this.waiting
    this.answered = function () {
      waiting.delete(this)
    }
  }

  watch(ws: Pinged): void {
    this.sockets.add(ws)
    if (!ws.deliverTo) ws.on('pong', this.answered)
    this.timer ??= setInterval(() => this.beat(), this.intervalMs).unref()
  }

  /** every socket it watches: the node's open sockets (a node that shuts down closes them) */
  get watched(): ReadonlySet<Pinged> {
    return this.sockets
  }

  /** The socket answered a ping. */
  ponged(ws: Pinged): void {
    this.waiting.delete(ws)
  }

  /** The socket closed. */
  forget(ws: Pinged): void {
    this.sockets.delete(ws)
    this.waiting.delete(ws)
  }

  private beat(): void {
    for (const ws of this.sockets) {
      if (this.waiting.has(ws)) ws.terminate()
      else (this.waiting.add(ws), ws.ping())
    }
  }
}
