// Flow control of one socket: it stops reading while its peer does not read its answers (the bytes waiting to
// go out pass the `bufferedBytes` limit) or while many of its messages wait their turn, and reads again once
// both are back under their marks. A socket that stops reading leaves its flood in the kernel, not in memory.
import type { SocketLike } from './frames.js'

/** A promise that has settled: where a queue of work starts (one for all of them, each idle socket pays for what it holds) */
export const SETTLED: Promise<void> = Promise.resolve()

/** messages read and not handled yet, above which the socket stops reading */
const MAX_WAITING = 64

interface Drainable {
  once(event: 'drain' | 'close', fn: () => void): unknown
  off(event: 'drain' | 'close', fn: () => void): unknown
}

export class Flow<M = unknown> {
  /** messages read and not handled yet, oldest first, the one being handled first of all */
  readonly waiting: M[] = []
  private full = false
  private paused = false
  /** resolves once what waits to go out has drained */
  private drained: Promise<void> = SETTLED

  constructor(private readonly ws: SocketLike, private readonly bufferedBytes: number) {}

  /** One more message waits for its turn; whether it is the only one. */
  queued(message: M): boolean {
    if (this.waiting.push(message) === MAX_WAITING) this.update()
    return this.waiting.length === 1
  }

  /** The oldest message was handled; the next one, if any. */
  handled(): M | undefined {
    this.waiting.shift()
    if (this.waiting.length === MAX_WAITING - 1) this.update()
    return this.waiting[0]
  }

  /** Nothing waits and the socket reads: a fresh Flow would do the same (the socket lets this one go). */
  get idle(): boolean {
    return this.waiting.length === 0 && !this.full && !this.paused
  }

  /** Resolves when the next message (or a streamed handler's next step) may be handled: at once, unless the
   * peer is not reading its answers (then once they drained, or the socket closed). */
  clear(): Promise<void> {
    return this.drained
  }

  /** After a frame was sent: a peer that does not read its answers is not read from until they drained. */
  sent(): void {
    const socket = (this.ws as { _socket?: Drainable })._socket
    if (this.full || !socket || (this.ws.bufferedAmount ?? 0) <= this.bufferedBytes) return
    this.full = true
    this.update()
    this.drained = new Promise((resolve) => {
      const done = () => {
        socket.off('drain', done)
        socket.off('close', done)
        this.full = false
        this.update()
        resolve()
      }
      socket.once('drain', done)
      socket.once('close', done)
    })
  }

  private update(): void {
    const stop = this.full || this.waiting.length >= MAX_WAITING
    if (stop === this.paused) return
    this.paused = stop
    if (stop) this.ws.pause?.()
    else this.ws.resume?.()
  }
}
