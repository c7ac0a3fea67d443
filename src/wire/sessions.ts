// A browser session's sockets follow it on every node: `reactor.endSession(ctx)` (at logout) publishes the
// session's channel on the bus, and each socket of that session, on whichever node, treats its user as gone:
// the components that user may not use leave the page (or send it to their login URL), then the socket closes,
// so that the browser reconnects with the cookies it holds now.
import type { Engine } from '../core/engine.js'
import type { Listener } from '../realtime/bus/bus.js'

/** The bus channel of a browser session: named by its binding (an HMAC), never by the cookie's value. */
export function sessionChannel(engine: Engine, sessionId: string): string {
  return `reactor.session.${engine.ring.bindSession(engine.ring.current, sessionId)}`
}

/** Ends the sockets of browser session `sessionId` on every node. */
export function endSession(engine: Engine, sessionId: string): Promise<void> {
  return sessionId ? engine.bus.publish(sessionChannel(engine, sessionId)) : Promise.resolve()
}

/** What a socket does when its browser session is ended. */
export interface SessionMember {
  sessionEnded(): unknown
}

/**
 * This node's open sockets by browser session: each session's channel is followed once, whatever its number of
 * sockets, with one listener for all (a listener and its closures for each socket cost every idle one).
 */
export class SessionSockets {
  private readonly sessions = new Map<string, { members: SessionMember | Set<SessionMember>; stop: () => void }>()
  private readonly ended: Listener

  constructor(private readonly engine: Engine) {
    // a node back on Redis delivers every channel to catch up: that is no logout (one made meanwhile is published)
    this.ended = (name, catchingUp) => catchingUp || this.end(name)
  }

  /** `member` follows browser session `sessionId` (none for '') until it leaves. */
  follow(sessionId: string, member: SessionMember): void {
    if (!sessionId) return
    const name = sessionChannel(this.engine, sessionId)
    const held = this.sessions.get(name)
    if (!held) this.sessions.set(name, { members: member, stop: this.engine.bus.subscribe(name, this.ended) })
    else if (held.members instanceof Set) held.members.add(member)
    else held.members = new Set([held.members, member])
  }

  leave(sessionId: string, member: SessionMember): void {
    if (!sessionId) return
    const name = sessionChannel(this.engine, sessionId)
    const held = this.sessions.get(name)
    if (!held) return
    if (held.members instanceof Set) {
      held.members.delete(member)
      if (held.members.size > 0) return
    } else if (held.members !== member) return
    held.stop()
    this.sessions.delete(name)
  }

  private end(name: string): void {
    const members = this.sessions.get(name)?.members
    for (const member of members instanceof Set ? [...members] : members ? [members] : []) member.sessionEnded()
  }
}
