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
}

export class Frames {
  private corked = false

  constructor(private readonly ws: SocketLike) {}

  send(msg: ServerMessage): void {
    if (this.ws.readyState !== this.ws.OPEN) return
    this.cork()
    this.ws.send(JSON.stringify(msg))
  }

  private cork(): void {
    const socket = (this.ws as { _socket?: { cork(): void; uncork(): void } })._socket
    if (this.corked || !socket) return
    this.corked = true
    socket.cork()
    setImmediate(() => {
      this.corked = false
      socket.uncork()
    })
  }
}
