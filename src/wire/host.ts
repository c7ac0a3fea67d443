// What a component's life on a socket relies on: the engine, the socket's scope and options, the page's
// other components, and the way out to the browser.
import type { Engine, Scope } from '../core/engine.js'
import type { AppliedEvents } from './applied.js'
import type { ServerMessage } from './protocol.js'
import type { Roster } from './roster.js'
import type { UploadStore } from '../features/uploads/store.js'

export interface Logger {
  warn(message: string): void
  error(message: string, error?: unknown): void
}

/** Wraps a handler in the app's transaction; `onCommit` work and broadcasts run after it resolves. */
export type Transaction = <T>(work: () => Promise<T>) => Promise<T>

export interface SocketOptions {
  engine: Engine
  log: Logger
  transaction: Transaction
  /** the events this node (or, with Redis, any node) applied, for events re-sent after a reconnect */
  applied: AppliedEvents
  /** where uploads arrive */
  uploads?: UploadStore
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
  /** answers component `id` (event `q`) with error `code`, and logs it */
  fail(code: string, msg: string, id?: string, q?: number): void
}
