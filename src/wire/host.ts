// What a component's life on a socket relies on: the engine, the socket's scope and options, the page's
// other components, and the way out to the browser.
import type { Engine, Scope } from '../core/engine.js'
import type { Failure, Logger } from './errors.js'
import type { AppliedEvents } from './applied.js'
import type { Heartbeat } from './heartbeat.js'
import type { SessionSockets } from './sessions.js'
import type { Limits } from './limits.js'
import type { SocketPlugins } from './plugin.js'
import type { ServerMessage } from './protocol.js'
import type { Roster } from './roster.js'
import type { Transaction } from '../realtime/models.js'
import type { Running } from './running.js'

/** What a failure concerns: the component, the handler, the exception (the overlay shows them in development), the upload. */
export type About = Pick<Failure, 'component' | 'handler' | 'error' | 'ref'>

export interface SocketOptions {
  engine: Engine
  /** errors carry their details to the browser (else it gets generic messages) */
  development: boolean
  log: Logger
  transaction: Transaction
  /** the events this node (or, with Redis, any node) applied, for events re-sent after a reconnect */
  applied: AppliedEvents
  /** what one socket may ask of the node */
  limits: Limits
  /** the notice a failed handler or render shows in the layout's `flash()` ('': none) */
  errorNotice?: string
  /** ms after which the `user` option runs again before an event */
  userRefreshMs: number
  /** pings the sockets (none without one) */
  heartbeat?: Heartbeat
  /** the node's sockets by browser session, ended together at logout (not followed without it) */
  sessions?: SessionSockets
  /** the capabilities' socket hooks (none by default) */
  plugins?: SocketPlugins
  /** the events the node is running (koa/shutdown.ts waits for them) */
  running?: Running
}

export interface Host {
  readonly options: SocketOptions
  readonly engine: Engine
  readonly scope: Scope
  /** the components of the page this socket follows */
  readonly roster: Roster
  /** the page instance id: with a component id and a sequence number it keys an event */
  readonly page: string
  send(msg: ServerMessage): void
  /** resolves once the browser has read what waits to go out (the `bufferedBytes` limit): output that is not an answer waits for it */
  drained(): Promise<void>
  /** answers component `id` (event `q`) with error `code`, and logs it; `about` names what failed, for development */
  fail(code: string, msg: string, id?: string, q?: number, about?: About): void
}
