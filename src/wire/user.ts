// The user of a socket, kept current: the `user` option runs when the socket opens and again before an event
// once its last answer is older than `userRefreshMs` (a logout in a session store is seen within that time; a
// cookie-only session cannot change on an open socket: `reactor.endSession` ends it). Once the browser session
// ended, the socket has no user. What it needs is kept on the socket's scope (no object of its own per socket).
import type { Scope } from '../core/engine.js'
import type { Logger } from './errors.js'

export interface UserScope extends Scope {
  /** lets go of a context that can be built again (an idle socket holds none) */
  release?(): void
  /** when the `user` option last answered, on `clock()` (undefined: never); ENDED once the browser session ended */
  userAt?: number
}

const ENDED = -1
/** Milliseconds on this node since it started: a small integer, kept in the socket's field itself (a Date.now()
 * is too large for that, and is boxed in 16 B of each socket). */
const clock = () => Math.floor(performance.now())

/** Whether the socket's user needs no lookup now: its last answer is recent, or the browser session ended. */
export function userIsFresh(scope: UserScope, refreshMs: number): boolean {
  return scope.userAt === ENDED || (scope.userAt !== undefined && clock() - scope.userAt < refreshMs)
}

/** Runs the `user` option if its last answer is too old; a failure leaves the socket without a user (logged). */
export async function currentUser(scope: UserScope, find: (scope: Scope) => unknown, refreshMs: number, log: Logger): Promise<void> {
  if (userIsFresh(scope, refreshMs)) return
  scope.userAt = clock()
  try {
    scope.user = await find(scope)
  } catch (error) {
    scope.user = undefined
    log.error('koa-reactor: the `user` option failed for a socket; it goes on without a user', error)
  }
  scope.release?.()
}

/** The browser session ended (a logout): no user from now on. */
export function endUser(scope: UserScope): void {
  scope.userAt = ENDED
  scope.user = undefined
}
