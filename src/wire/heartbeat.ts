// Pings every socket now and then: proxies keep idle sockets open, and a peer that stopped answering is closed
// (its browser reconnects, to this node or another).
import type { WebSocket } from 'ws'

export class Heartbeat {
  private readonly alive = new Map<WebSocket, boolean>()
  private timer?: NodeJS.Timeout

  constructor(private readonly intervalMs: number) {}

  watch(ws: WebSocket): void {
    this.alive.set(ws, true)
    ws.on('pong', () => this.alive.set(ws, true))
    ws.on('close', () => this.alive.delete(ws))
    this.timer ??= setInterval(() => this.beat(), this.intervalMs).unref()
  }

  private beat(): void {
    for (const [ws, alive] of this.alive) {
      if (!alive) {
        ws.terminate()
        continue
      }
      this.alive.set(ws, false)
      ws.ping()
    }
  }
}
