// One browser's connection over HTTP, held by the node its stream came to: for the core it is a socket like a
// WebSocket (frames in, frames out), so a component's life on it is the same. Frames out go down the stream
// (Server-Sent Events), or wait for the next long poll where a proxy buffers the stream; frames in come from the
// browser's POSTs, on whichever node they land (relay.ts brings them here).
import type { ServerResponse } from 'node:http'
import type { SocketEvents } from '../../wire/frames.js'

/** a long-polling browser that does not poll again within this is gone */
export const POLL_GONE_MS = 45_000
/** a stream whose browser sends nothing within this is held back by a proxy: long polls instead */
export const BUFFERED_MS = 3000
/** a long poll with nothing to take is answered empty after this (proxies cut idle requests) */
export const POLL_HOLD_MS = 25_000

/** Where a long poll's frames go: its response, here or on another node. */
export type Taker = (frames: string[]) => void

export class HttpSocket {
  readonly OPEN = 1
  readyState = 1
  private to?: SocketEvents
  /** frames waiting for a long poll */
  private waiting: string[] = []
  private taker?: Taker
  private holdTimer?: NodeJS.Timeout
  private goneTimer?: NodeJS.Timeout

  private ageTimer: NodeJS.Timeout

  /** `stream`: the response it streams to; without one, it is polled (`take`). Closed after `maxAgeMs`. */
  constructor(readonly id: string, private stream: ServerResponse | undefined, maxAgeMs: number) {
    // the page reconnects, and tries the WebSocket first
    this.ageTimer = setTimeout(() => this.close(), maxAgeMs)
    stream?.on('close', () => this.stream && this.ended())
    if (stream) this.holdTimer = setTimeout(() => this.buffered(), BUFFERED_MS)
    else this.goneTimer = setTimeout(() => this.ended(), POLL_GONE_MS)
  }

  /**
   * The browser sent nothing since the stream began: a proxy holds the stream back (it waits for its end), so
   * the browser never got the ticket. The stream ends (the proxy passes it on), and the EventSource asks again
   * with the ticket: long polls from then on.
   */
  private buffered(): void {
    const stream = this.stream!
    this.stream = undefined
    stream.end('retry: 20\n\n')
    this.goneTimer = setTimeout(() => this.ended(), POLL_GONE_MS)
  }

  /** bytes written down the stream and not sent yet: past the `bufferedBytes` limit, the core stops reading the
   * browser's frames until they drained (wire/flow.ts), as on a WebSocket */
  get bufferedAmount(): number {
    return this.stream?.writableLength ?? 0
  }

  /** what the core corks for a turn and waits to drain (wire/frames.ts, wire/flow.ts): the stream's response */
  get _socket(): ServerResponse | undefined {
    return this.stream
  }

  deliverTo(to: SocketEvents): void {

    this.to = to
  }

  /** a frame to the browser */
  send(frame: string): void {
    if (this.readyState !== 1) return
    if (this.stream) return void this.stream.write(`data: ${frame}\n\n`)
    this.waiting.push(frame)
    // the frames of one turn go together
    if (this.taker && this.waiting.length === 1) setImmediate(() => this.flush())
  }

  /** Frames from the browser (a POST's), in order. */
  received(frames: Array<string | Buffer>): void {
    if (this.stream) clearTimeout(this.holdTimer)
    for (const frame of frames) this.to?.received(frame as Buffer, typeof frame !== 'string')
  }

  /** A long poll: the frames waiting go to `taker` at once, or as soon as there are some (or none, after a while). */
  take(taker: Taker): void {
    clearTimeout(this.goneTimer)
    this.answer([]) // an earlier poll still held is answered empty
    this.taker = taker
    if (this.waiting.length) return this.flush()
    this.holdTimer = setTimeout(() => this.flush(), POLL_HOLD_MS)
  }

  private flush(): void {
    const frames = this.waiting
    this.waiting = []
    this.answer(frames)
    if (this.readyState === 1) this.goneTimer = setTimeout(() => this.ended(), POLL_GONE_MS)
  }

  private answer(frames: string[]): void {
    clearTimeout(this.holdTimer)
    const taker = this.taker
    this.taker = undefined
    taker?.(frames)
  }

  /** the heartbeat: a comment down the stream keeps proxies from cutting it (a write to a dead one ends it) */
  ping(): void {
    this.stream?.write(':\n\n')
    this.to?.ponged()
  }

  terminate(): void {
    this.close()
  }

  on(): void {}
  pause(): void {}
  resume(): void {}
  /** (a node that shuts down waits for its sockets' close) */
  once(event: string, fn: () => void): void {
    if (event === 'close') (this.closeListeners ??= []).push(fn)
  }
  private closeListeners?: Array<() => void>

  /** Closes it: the stream ends (a long poll is answered with what waits, and the next one finds it gone). */
  close(): void {
    if (this.readyState !== 1) return
    if (this.stream) this.stream.end()
    else this.flush()
    this.ended()
  }

  private ended(): void {
    if (this.readyState === 3) return
    this.readyState = 3
    clearTimeout(this.goneTimer)
    clearTimeout(this.ageTimer)
    this.answer([])
    this.to?.closed()
    this.onEnded?.()
    for (const fn of this.closeListeners ?? []) fn()
  }

  /** the endpoint forgets it */
  onEnded?: () => void
}
