// The component sockets of a Reactor: what every socket of the node shares (made once), the checks made before
// a handshake (the path and the Origin), and a Connection for each socket that opens, on the endpoint
// `reactor.attach` serves or on koa-websocket's.
import type { IncomingMessage, Server } from 'node:http'
import type Koa from 'koa'
import type { Context } from 'koa'
import type { ServerOptions, WebSocket } from 'ws'
import type { Engine, Scope } from '../core/engine.js'
import { SessionSockets } from '../wire/sessions.js'
import { sharedRedis } from '../realtime/bus/shared.js'
import type { AppliedStore } from '../realtime/applied-table.js'
import { AppliedEvents, RedisLog } from '../wire/applied.js'
import { Heartbeat } from '../wire/heartbeat.js'
import type { Limits } from '../wire/limits.js'
import { Connection, type Logger, type SocketOptions, type Transaction } from '../wire/socket.js'
import type { Origins } from './origin.js'
import type { SocketPlugins } from '../wire/plugin.js'
import { drain } from './shutdown.js'
import { Running } from '../wire/running.js'
import { SocketEndpoint, SocketScope, type Handshake } from './upgrade.js'
import { HttpTransport } from './http/endpoint.js'

/** What the sockets take from the Reactor. */
export interface SocketSettings {
  engine: Engine
  development: boolean
  log: Logger
  transaction: Transaction
  /** the app's store of applied events (the `applied` option) */
  applied?: AppliedStore | undefined
  limits: Limits
  userRefreshMs: number
  heartbeatMs: number
  /** compress messages with permessage-deflate when the browser offers it */
  perMessageDeflate: boolean
  /** what a failed handler shows in the layout's `flash()` ('': nothing) */
  errorNotice: string
  /** the Origins whose pages may open it */
  origins: Origins
  /** whether a URL path is the socket's */
  ours(path: string): boolean
  /** the app's `user` option */
  user(ctx: Context): unknown
  /** the capabilities' socket tables */
  plugins: SocketPlugins
  /** a server serves the socket */
  listening(): void
  /** ms an HTTP stream stays open (the fallback option's retryMs) */
  streamAgeMs: number
}

export class ReactorSockets {
  /** one object for every socket (each idle socket pays for what it holds) */
  private readonly shared: SocketOptions
  /** the user of a socket: one function for every socket */
  private readonly findUser = (scope: Scope) => this.settings.user(scope.ctx)
  /** the node shuts down: no new socket */
  draining = false

  constructor(private readonly settings: SocketSettings) {
    const { engine } = settings
    const redis = sharedRedis(engine.bus)?.commands
    this.shared = {
      engine,
      development: settings.development,
      log: settings.log,
      transaction: settings.transaction,
      applied: new AppliedEvents(redis ? new RedisLog(redis) : undefined, settings.applied),
      limits: settings.limits,
      userRefreshMs: settings.userRefreshMs,
      errorNotice: settings.errorNotice,
      heartbeat: new Heartbeat(settings.heartbeatMs),
      sessions: new SessionSockets(engine),
      plugins: settings.plugins,
      running: new Running(),
    }
  }

  /** Stops taking sockets, finishes the running events and closes the sockets (koa/shutdown.ts, steps 1 to 3). */
  drain(servers: Iterable<Server>, windowMs: number, graceMs: number): Promise<void> {
    this.draining = true
    const sockets = this.shared.heartbeat!.watched as Iterable<never>
    return drain({ sockets, running: this.shared.running!, servers, windowMs, graceMs, log: this.settings.log })
  }

  /** A component socket opened; `shake`: its context can be built again from it (else the context is kept). */
  open(ws: WebSocket, ctx: Context, shake: Handshake | undefined): void {
    new Connection(this.shared, ws, new SocketScope(ctx, shake), this.findUser)
  }

  private httpSide?: HttpTransport

  /** The HTTP transport (koa/http/): its streams are this node's sockets like its WebSockets. */
  get http(): HttpTransport {
    return (this.httpSide ??= new HttpTransport({
      engine: this.settings.engine,
      log: this.settings.log,
      maxBody: this.maxPayload,
      maxAgeMs: this.settings.streamAgeMs,
      refusal: (req) => this.refusedRequest(req),
      open: (socket, ctx) => new Connection(this.shared, socket, new SocketScope(ctx), this.findUser),
    }))
  }

  /** Closes what the HTTP transport holds (its relay's connection). */
  close(): Promise<void> {
    return this.httpSide?.close() ?? Promise.resolve()
  }

  /** The socket endpoint of `app`, on the server each `app.listen` makes. */
  serve<S, C>(app: Koa<S, C>): SocketEndpoint<S, C> {
    const endpoint = new SocketEndpoint(app, {
      maxPayload: this.maxPayload,
      perMessageDeflate: this.settings.perMessageDeflate,
      ours: (req) => this.settings.ours(pathOf(req)),
      refusal: (req) => this.refusal(req),
      open: (ws, ctx, shake) => this.open(ws, ctx, shake),
      listening: () => this.settings.listening(),
    })
    const listen = app.listen.bind(app) as (...args: unknown[]) => Server
    app.listen = ((...args: unknown[]) => {
      const server = listen(...args)
      endpoint.listen(server)
      return server
    }) as typeof app.listen
    return endpoint
  }

  /** Options for koa-websocket: the path and the Origin are checked before the handshake. */
  get wsOptions(): ServerOptions {
    return {
      maxPayload: this.maxPayload,
      perMessageDeflate: this.settings.perMessageDeflate,
      verifyClient: ({ req }: { req: IncomingMessage }, done: (ok: boolean, code?: number, why?: string) => void) => {
        const refused = this.refusal(req)
        done(!refused, refused?.[0], refused?.[1])
      },
    }
  }

  // in bytes, where messageBytes counts characters (up to 3 bytes each in UTF-8); a bigger frame closes the socket
  private get maxPayload(): number {
    return Math.min(4 * this.settings.limits.messageBytes, 2 ** 30)
  }

  /** Why an upgrade request is refused before the handshake: not the socket's path, or another site's page. */
  private refusal(req: IncomingMessage): [number, string] | undefined {
    if (!this.settings.ours(pathOf(req))) return [404, 'Not Found']
    return this.refusedRequest(req)
  }

  /** Why a request of either transport is refused: the node shuts down, or another site's page asks. */
  private refusedRequest(req: IncomingMessage): [number, string] | undefined {
    if (this.draining) return [503, 'This node is shutting down; connect to another']
    const origin = req.headers.origin
    // browsers always send an Origin; a client without one (a script, a test) is no cross-site page
    if (origin && !this.settings.origins.allowed(origin, req, Boolean((req.socket as { encrypted?: boolean }).encrypted))) {
      this.settings.log.warn(`koa-reactor: refused a socket from Origin ${origin}; add it to the \`origins\` option if it is yours`)
      return [403, 'Origin not allowed']
    }
    return undefined
  }
}

const pathOf = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://localhost').pathname
