// The frames sent to one browser: JSON, corked for one turn of the event loop so that the frames of a burst
// leave in one write (one system call instead of one each).
import type { ServerMessage } from './protocol.js'

export interface SocketLike {
  readyState: number
  OPEN: number
  send(data: string): void
  on(event: string, fn: (...args: never[]) => void): unknown
  close?(code?: number, reason?: string): void
  /** bytes sent and not yet written to the network */
  bufferedAmount?: number
  /** stop and start reading from the network */
  pause?(): void
  resume?(): void
  /** hands the socket's events to `to`, with no listener (a listener and its closure each cost an idle socket) */
  deliverTo?(to: SocketEvents): void
}

/** What a socket delivers to its one receiver. */
export interface SocketEvents {
  received(data: Buffer, isBinary: boolean): void
  closed(): void
  ponged(): void
}

interface Corkable {
  cork(): void
  uncork(): void
}

/** the sockets corked this turn: all uncorked by one setImmediate (a socket holds no state of its own for it) */
const corked = new Set<Corkable>()

function uncorkAll(): void {
  for (const socket of corked) socket.uncork()
  corked.clear()
}

/** Sends `msg` to `ws` (if it is open), corked until the end of this turn; returns the frame's text, if sent. */
export function sendFrame(ws: SocketLike, msg: ServerMessage): string | undefined {
  if (ws.readyState !== ws.OPEN) return
  cork((ws as { _socket?: Corkable })._socket)
  const text = JSON.stringify(msg)
  ws.send(text)
  return text
}

function cork(socket: Corkable | undefined): void {
  if (!socket || corked.has(socket)) return
  if (corked.size === 0) setImmediate(uncorkAll)
  corked.add(socket)
  socket.cork()
}
