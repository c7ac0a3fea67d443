// A node that shuts down loses nothing (docs/site/guide/deploying.md). `reactor.close()`, which SIGTERM calls
// unless the `shutdown` option says otherwise, in this order:
// 1. stops accepting: its servers stop listening (idle keep-alive connections close), a socket asked for on a
//    connection still open is refused (503), and pages are answered with `Connection: close`;
// 2. stops reading its sockets and finishes the events it is running: their answers reach the browsers (an
//    event it did not read stays in its page's outbox, which re-sends it after the reconnect);
// 3. closes its sockets with code 1012 ("service restart") and the reconnect window as the reason: each page
//    waits a random time within the window, then reconnects (through the balancer, to another node);
// 4. (the Reactor) closes the bus and presence. SIGTERM then ends the process, with code 0.
import type { Server } from 'node:http'
import type { Logger } from '../wire/errors.js'
import { RESTARTING } from '../wire/reconnect.js'
import type { Running } from '../wire/running.js'

/** What the `shutdown` option may say. */
export interface ShutdownOptions {
  /** the signals that shut the node down and end the process; default ['SIGTERM']; [] installs no handler */
  signals?: NodeJS.Signals[] | undefined
  /** ms the running events (and page requests) may take to finish before the sockets close anyway; default 10,000 */
  graceMs?: number | undefined
}

/** What a shutdown needs of a node's sockets. */
export interface ShutdownSocket {
  pause(): void
  resume(): void
  close(code: number, reason: string): void
  terminate(): void
  once(event: 'close', listener: () => void): unknown
  readonly readyState: number
}

export interface Draining {
  /** the node's open sockets */
  sockets: Iterable<ShutdownSocket>
  running: Running
  /** the servers it serves sockets on */
  servers: Iterable<Server>
  windowMs: number
  graceMs: number
  log: Logger
}

/** a socket that does not answer the close within this is cut */
const CLOSE_MS = 2000

/** Steps 1 to 3 above. */
export async function drain({ sockets, running, servers, windowMs, graceMs, log }: Draining): Promise<void> {
  const closed = [...servers].filter((server) => server.listening).map((server) => stopListening(server))
  const open = [...sockets]
  for (const ws of open) ws.pause()
  if (!(await within(running.idle(), graceMs))) {
    log.warn(`koa-reactor: ${running.size} events still ran after ${graceMs} ms (the shutdown option's graceMs): their sockets close anyway; their pages send them again after the reconnect`)
  }
  const gone = open.map((ws) => socketClosed(ws))
  const reason = String(windowMs)
  for (const ws of open) {
    ws.close(RESTARTING, reason)
    ws.resume() // the peer's close frame is read
  }
  if (!(await within(Promise.all(gone), CLOSE_MS))) for (const ws of open) ws.terminate()
  await Promise.all(closed.map(async ({ server, done }) => (await within(done, graceMs)) || server.closeAllConnections()))
}

function stopListening(server: Server): { server: Server; done: Promise<void> } {
  return { server, done: new Promise((resolve) => server.close(() => resolve())) }
}

function socketClosed(ws: ShutdownSocket): Promise<void> {
  return ws.readyState === 3 ? Promise.resolve() : new Promise((resolve) => ws.once('close', () => resolve()))
}

/** Whether `work` settled within `ms`. */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)))
  const done = await Promise.race([work.then(() => true), late])
  clearTimeout(timer)
  return done
}

interface Closer {
  close(): Promise<void>
  log: Logger
}

/** The reactors each signal closes; one listener per signal for the process. */
const closers = new Map<NodeJS.Signals, Set<Closer>>()

/**
 * On `signals`, `close` runs; once every reactor the signal closes is closed, the process exits (code 0), unless
 * the app listens to that signal too: then ending the process is the app's (it calls `await reactor.close()`).
 * Returns the function that stops listening.
 */
export function closeOnSignals(signals: NodeJS.Signals[], close: () => Promise<void>, log: Logger): () => void {
  const closer = { close, log }
  for (const signal of signals) {
    let set = closers.get(signal)
    if (!set) {
      closers.set(signal, (set = new Set()))
      process.on(signal, onSignal)
    }
    set.add(closer)
  }
  return () => {
    for (const signal of signals) {
      const set = closers.get(signal)
      set?.delete(closer)
      if (set?.size === 0) (closers.delete(signal), process.off(signal, onSignal))
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  const alone = process.listenerCount(signal) === 1
  const all = [...(closers.get(signal) ?? [])]
  for (const { log } of all) log.warn(`koa-reactor: ${signal}: shutting down (no new sockets or requests; the running events finish, then the sockets reconnect elsewhere)`)
  void Promise.allSettled(all.map(({ close }) => close())).then((results) => {
    results.forEach((r, i) => r.status === 'rejected' && all[i]!.log.error('koa-reactor: closing failed', r.reason))
    if (alone) process.exit(results.every((r) => r.status === 'fulfilled') ? 0 : 1)
  })
}
