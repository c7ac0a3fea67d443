// A browser session's sockets follow it on every node: `reactor.endSession(ctx)` (at logout) publishes the
// session's channel on the bus, and each socket of that session, on whichever node, treats its user as gone:
// the components that user may not use leave the page (or send it to their login URL), then the socket closes,
// so that the browser reconnects with the cookies it holds now.
import type { Engine } from '../core/engine.js'

/** The bus channel of a browser session: named by its binding (an HMAC), never by the cookie's value. */
export function sessionChannel(engine: Engine, sessionId: string): string {
  return `reactor.session.${engine.ring.bindSession(engine.ring.current, sessionId)}`
}

/** Ends the sockets of browser session `sessionId` on every node. */
export function endSession(engine: Engine, sessionId: string): Promise<void> {
  return sessionId ? engine.bus.publish(sessionChannel(engine, sessionId)) : Promise.resolve()
}

/** While a socket is open, runs `ended` when its session is ended on any node; returns the way to stop. */
export function followSession(engine: Engine, sessionId: string, ended: () => void): () => void {
  if (!sessionId) return () => undefined
  // a node back on Redis delivers every channel to catch up: that is no logout (one made meanwhile is published)
  return engine.bus.subscribe(sessionChannel(engine, sessionId), (_name, catchingUp) => catchingUp || ended())
}
