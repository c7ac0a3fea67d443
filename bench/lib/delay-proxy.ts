// A TCP proxy that adds latency: every chunk waits `oneWayMs` in each direction, in order (a round trip
// costs twice that), as a real network would, and no longer: a timer's lateness is not part of it. For the
// latency benchmark.
import net from 'node:net'
import type { AddressInfo } from 'node:net'

/** A timer fires a millisecond or so late: it is set to fire early, and the last stretch waits turn by turn. */
const EARLY_MS = 2

/** Forwards chunks from `from` to `to`, each `delay` ms after it arrived (to a tenth of a ms), keeping their order. */
function delayed(from: net.Socket, to: net.Socket, delay: number): void {
  const queue: { due: number; chunk: Buffer }[] = []
  let waiting = false
  const flush = () => {
    const now = performance.now()
    while (queue.length && queue[0].due <= now) to.write(queue.shift()!.chunk)
    if (!queue.length) return void (waiting = false)
    const left = queue[0].due - now
    if (left > EARLY_MS) setTimeout(flush, left - EARLY_MS)
    else setImmediate(flush)
  }
  from.on('data', (chunk) => {
    queue.push({ due: performance.now() + delay, chunk })
    if (!waiting) (waiting = true), setTimeout(flush, delay - EARLY_MS)
  })
  from.on('close', () => setTimeout(() => to.destroy(), delay + 5))
}

export class DelayProxy {
  readonly url: string
  private readonly sockets = new Set<net.Socket>()

  private constructor(private readonly server: net.Server, target: number, oneWayMs: number) {
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    server.on('connection', (browser) => {
      const upstream = net.connect(target, '127.0.0.1')
      for (const socket of [browser, upstream]) {
        socket.setNoDelay(true)
        this.sockets.add(socket)
        socket.on('close', () => this.sockets.delete(socket))
        socket.on('error', () => undefined)
      }
      delayed(browser, upstream, oneWayMs)
      delayed(upstream, browser, oneWayMs)
    })
  }

  /** A proxy on a free loopback port to `target` (http://127.0.0.1:port) adding `roundTripMs` per round trip. */
  static async start(target: string, roundTripMs: number): Promise<DelayProxy> {
    const server = net.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return new DelayProxy(server, Number(new URL(target).port), roundTripMs / 2)
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}
