// The user of a socket, kept current: the `user` option runs when the socket opens and again before an event
// once its last answer is older than `userRefreshMs` (a logout in a session store is seen within that time; a
// cookie-only session cannot change on an open socket: `reactor.endSession` ends it). Once the browser session
// ended, the socket has no user.
import type { Scope } from '../core/engine.js'
import type { Logger } from './host.js'

/** A socket's scope; `release` lets go of a context that can be built again (an idle socket holds none). */
export interface UserScope extends Scope {
  release?(): void
}

export class SocketUser {
  private lookedAt = 0
  private ended = false

  constructor(
    private readonly scope: UserScope,
    private readonly find: (scope: Scope) => unknown,
    private readonly refreshMs: number,
    private readonly log: Logger,
  ) {}

  /** Runs the `user` option if its last answer is too old; a failure leaves the socket without a user (logged). */
  async current(): Promise<void> {
    if (this.ended || Date.now() - this.lookedAt < this.refreshMs) return
    this.lookedAt = Date.now()
    try {
      this.scope.user = await this.find(this.scope)
    } catch (error) {
      this.scope.user = undefined
      this.log.error('koa-reactor: the `user` option failed for a socket; it goes on without a user', error)
    }
    this.scope.release?.()
  }

  /** The browser session ended (a logout): no user from now on. */
  end(): void {
    this.ended = true
    this.scope.user = undefined
  }
}
