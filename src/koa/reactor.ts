// The Koa side: the page middleware (client script, page renders, uploads over HTTP) and the WebSocket endpoint.
import type { IncomingMessage, Server } from 'node:http'
import type Koa from 'koa'
import type { Context, Middleware } from 'koa'
import type { ServerOptions, WebSocket } from 'ws'
import { CLIENT_PATH, clientScript, DEV_CLIENT_PATH, type ClientScript } from './assets.js'
import type { ComponentClass } from '../core/component.js'
import { Engine, type Scope } from '../core/engine.js'
import { Heartbeat } from '../wire/heartbeat.js'
import { escapeHtml } from '../core/helpers.js'
import { KeyRing } from '../core/keys.js'
import { resolveSecrets } from '../core/secrets.js'
import { showErrorPage } from '../features/errors/page.js'
import { Warnings } from '../features/warnings.js'
import { Registry } from '../core/registry.js'
import { checkOptions, type ReactorOptions } from './options.js'

export type { ReactorOptions } from './options.js'
import { Renderer } from '../core/render.js'
import { ensureSession, sessionOf } from './session.js'
import { endSession, SessionSockets } from '../features/sessions.js'
import { carriedFlash, finishFlash, FLASH_MARK } from '../features/flash.js'
import type { Logger, Transaction } from '../wire/host.js'
import { Connection, type SocketOptions } from '../wire/socket.js'
import { SocketEndpoint, SocketScope, type Handshake } from './upgrade.js'
import { MemoryBus } from '../realtime/bus/memory.js'
import { RedisBus } from '../realtime/bus/redis.js'
import { AppliedEvents, RedisLog } from '../wire/applied.js'
import { resolveLimits, type Limits } from '../wire/limits.js'
import { presenceFor } from '../features/presence-redis.js'
import { nodeStore, type UploadStore } from '../features/uploads/store.js'
import { receivePut, UPLOAD_PATH, type HttpUploads } from '../features/uploads/http.js'
import { Origins } from './origin.js'
import { MemoryMarks, RedisMarks, ReplayGuard } from '../features/replay.js'
import { AutoBroadcast, type Change } from '../realtime/models.js'

/** Renders a Pug page (`view`, with or without `.pug`) as the response; in it, `reactorHeader()` and `component(name, props)`. */
export type RenderPage = (view: string, locals?: Record<string, unknown>) => Promise<void>

declare module 'koa' {
  interface BaseContext {
    /** the reactor of this app: `ctx.reactor.render(view, locals)` renders a page with components */
    reactor: { render: RenderPage }
    /** `ctx.reactor.render`, when the app has no `ctx.render` of its own (koa-views and others keep theirs) */
    render(view: string, locals?: Record<string, unknown>): Promise<void>
  }
}

/** A Koa app that also serves the component socket: call `listen` on it; `ws.use` adds middleware for the socket's context. */
export type ReactorApp<S = Koa.DefaultState, C = Koa.DefaultContext> = Koa<S, C> & {
  ws: SocketEndpoint<S, C>
}

export class Reactor {
  readonly registry = new Registry()
  readonly engine: Engine
  readonly prefix: string
  readonly path: string
  readonly log: Logger
  /** errors show their details in the browser, and the silent traps are warned about (once each) */
  readonly development: boolean
  /** runs `work` in the app's transaction; model changes reported meanwhile are broadcast once it commits */
  readonly transaction: Transaction
  private readonly models: AutoBroadcast
  private readonly unwatch?: () => void
  private readonly origins: Origins
  readonly limits: Limits
  private readonly warnings?: Warnings
  private script?: ClientScript
  private socketOptions?: SocketOptions
  /** where uploads arrive, over the socket or over HTTP */
  readonly uploads: UploadStore

  constructor(readonly options: ReactorOptions = {}) {
    checkOptions(options)
    this.log = options.logger ?? { warn: (m) => console.warn(m), error: (m, e) => console.error(m, e ?? '') }
    const ring = new KeyRing(resolveSecrets({ secret: options.secret, warn: (m) => this.log.warn(m) }))
    const renderer = new Renderer({
      views: options.views ?? 'views',
      minify: options.minify ?? false,
      watch: options.watch ?? process.env.NODE_ENV !== 'production',
    })
    const redis = options.redis ?? process.env.REDIS_URL
    const bus = options.bus ?? (redis ? new RedisBus(redis, { logger: this.log }) : new MemoryBus())
    this.engine = new Engine(this.registry, ring, renderer, options.tokenTtl ?? 86_400, bus)
    this.engine.presence = options.presence ?? presenceFor(bus)
    this.development = options.development ?? process.env.NODE_ENV !== 'production'
    if (this.development) this.engine.develop = this.warnings = new Warnings(this.log)
    this.models = new AutoBroadcast((name) => bus.publish(name), options.autoBroadcast)
    this.transaction = this.models.around(options.transaction ?? ((work) => work()))
    if (options.autoBroadcast) this.unwatch = options.changes?.subscribe((change) => this.changed(change))
    this.prefix = (options.prefix ?? '').replace(/\/$/, '')
    this.path = options.path ?? '/__reactor__'
    this.origins = new Origins(options.origins)
    this.limits = resolveLimits(options.limits)
    this.uploads = options.uploads ?? nodeStore()
    for (const cls of options.components ?? []) this.register(cls)
  }

  /**
   * Ends a browser session's sockets on every node (call it at logout, with the request's context or the
   * session id): components the visitor may not use leave those pages, then the sockets close and reconnect
   * with the browser's current cookies.
   */
  endSession(session: Context | string): Promise<void> {
    return endSession(this.engine, typeof session === 'string' ? session : sessionOf(session))
  }

  /** Reports a model change to auto-broadcast (a data layer given as `changes` does it by itself). */
  changed(change: Change): void {
    this.models.changed(change)
  }

  /** Stops following the data layer's changes and closes the bus (the Redis connections). */
  async close(): Promise<void> {
    this.unwatch?.()
    await this.engine.presence?.close()
    return this.engine.bus.close()
  }

  /** Registers a component class (under `static tag` or its kebab-case class name). */
  register(cls: ComponentClass): this {
    this.engine.prepare(this.registry.register(cls))
    return this
  }

  /** Imports every module in `folder` and registers the components they export. */
  async autoload(folder: string): Promise<this> {
    for (const entry of await this.registry.autoload(folder)) this.engine.prepare(entry)
    return this
  }

  /** The socket's URL path as the browser sees it. */
  get socketUrl(): string {
    return `${this.prefix}${this.path}`
  }

  /** Serves the client script and adds `ctx.reactor.render` (and `ctx.render` when the app has none). */
  middleware(): Middleware {
    return async (ctx, next) => {
      const script = this.client()
      if ((ctx.method === 'GET' || ctx.method === 'HEAD') && this.isOurs(ctx.path, `/${script.file}`)) return script.serve(ctx)
      if (ctx.method === 'PUT' && this.isUpload(ctx.path)) return receivePut(ctx, this.httpUploadOptions)
      const render: RenderPage = (view, locals) => this.render(ctx, view, locals)
      ctx.reactor = { render }
      ctx.render ??= render
      await next()
    }
  }

  /**
   * Renders the Pug page `view` (with or without `.pug`) as the response, with `ctx.state` and `locals` in scope,
   * and `reactorHeader()` and `component(name, props)`. The browser's session cookie is set when a component renders.
   */
  async render(ctx: Context, view: string, locals: Record<string, unknown> = {}): Promise<void> {
    const scope = {
      ctx,
      // read when a component's token is signed: pages without components set no cookie
      get session() {
        return ensureSession(ctx)
      },
      user: await this.userOf(ctx),
    }
    let headed = false
    const reactorHeader = () => ((headed = true), this.header(ctx))
    let html: string
    const carried = carriedFlash(ctx, this.engine, scope)
    try {
      html = await this.engine.renderPage(view, scope, { ...ctx.state, ...locals, reactorHeader, flash: () => FLASH_MARK })
    } catch (error) {
      if (!this.development) throw error
      return showErrorPage(ctx, view, error, this.log)
    }
    html = finishFlash(ctx, this.engine, scope, html, carried)
    this.warnings?.rendered(view, html, headed)
    // a component may have redirected during its first render
    if (ctx.status < 300 || ctx.status >= 400) {
      ctx.type = 'html'
      ctx.body = html
    }
  }

  /** The script tag for the page's <head> (the seed's `reactor_header`). */
  header(ctx: Context): string {
    const nonce = ctx.state.cspNonce ? ` nonce="${escapeHtml(ctx.state.cspNonce)}"` : ''
    const dev = this.development ? ' data-dev' : ''
    return `<script defer src="${this.socketUrl}/${this.client().file}" data-url="${this.socketUrl}"${nonce}${dev}></script>`
  }

  /** Options for koa-websocket, to compose with it by hand: the path and the Origin are checked before the handshake. */
  get wsOptions(): ServerOptions {
    return {
      maxPayload: this.maxPayload,
      verifyClient: ({ req }: { req: IncomingMessage }, done: (ok: boolean, code?: number, why?: string) => void) => {
        const refused = this.refusal(req)
        done(!refused, refused?.[0], refused?.[1])
      },
    }
  }

  /** The koa-websocket middleware that serves the component socket (`reactor.attach` needs none). */
  socket(): Middleware {
    this.sockets()
    return (ctx) => this.connect((ctx as Context & { websocket: WebSocket }).websocket, ctx, undefined)
  }

  /** All of it on one app: the middleware, and the socket on the server `app.listen` makes. Returns the app. */
  attach<S, C>(app: Koa<S, C>): ReactorApp<S, C> {
    app.use(this.middleware() as never)
    // made now: the node's upload store clears what dead nodes left when it is made
    this.sockets()
    const ws = new SocketEndpoint(app, {
      maxPayload: this.maxPayload,
      ours: (req) => this.isOurs(pathOf(req), ''),
      refusal: (req) => this.refusal(req),
      open: (socket, ctx, shake) => this.connect(socket, ctx, shake),
    })
    const listen = app.listen.bind(app) as (...args: unknown[]) => Server
    app.listen = ((...args: unknown[]) => {
      const server = listen(...args)
      ws.listen(server)
      return server
    }) as typeof app.listen
    return Object.assign(app, { ws })
  }

  // in bytes, where messageBytes counts characters (up to 3 bytes each in UTF-8); a bigger frame closes the socket
  private get maxPayload(): number {
    return Math.min(4 * this.limits.messageBytes, 2 ** 30)
  }

  /** Why an upgrade request is refused before the handshake: not the socket's path, or another site's page. */
  private refusal(req: IncomingMessage): [number, string] | undefined {
    if (!this.isOurs(pathOf(req), '')) return [404, 'Not Found']
    const origin = req.headers.origin
    // browsers always send an Origin; a client without one (a script, a test) is no cross-site page
    if (origin && !this.origins.allowed(origin, req, Boolean((req.socket as { encrypted?: boolean }).encrypted))) {
      this.log.warn(`koa-reactor: refused a socket from Origin ${origin}; add it to the \`origins\` option if it is yours`)
      return [403, 'Origin not allowed']
    }
    return undefined
  }

  /** A component socket opened; `shake`: its context can be built again from it (else the context is kept). */
  private connect(ws: WebSocket, ctx: Context, shake: Handshake | undefined): void {
    new Connection(this.sockets(), ws, new SocketScope(ctx, shake), this.socketUser)
  }

  /** What every socket shares (each idle socket pays for what it holds). */
  private sockets(): SocketOptions {
    if (this.socketOptions) return this.socketOptions
    const bus = this.engine.bus
    const uploads = this.uploads
    // partial uploads nobody resumed within an hour
    setInterval(() => void uploads.sweep(3_600_000), 600_000).unref()
    return (this.socketOptions = {
      engine: this.engine,
      development: this.development,
      log: this.log,
      transaction: this.transaction,
      applied: new AppliedEvents(bus instanceof RedisBus ? new RedisLog(bus.commands) : undefined),
      replay: new ReplayGuard(bus instanceof RedisBus ? new RedisMarks(bus.commands) : new MemoryMarks(), this.engine.ttl),
      limits: this.limits,
      uploads,
      httpUploads: this.httpUploads,
      userRefreshMs: this.options.userRefreshMs ?? 5000,
      heartbeat: new Heartbeat(this.options.heartbeatMs ?? 25_000),
      sessions: new SessionSockets(this.engine),
    })
  }

  private userOf(ctx: Context): unknown {
    return this.options.user ? this.options.user(ctx) : ctx.state.user
  }

  /** The user of a socket: one function for every socket */
  private readonly socketUser = (scope: Scope) => this.userOf(scope.ctx)

  /**
   * Files go over HTTP where any node that receives them can hand them to the component: with one node (no bus
   * between nodes) or a store every node shares. Elsewhere they go over the page's socket, to its node.
   */
  private get httpUploads(): boolean {
    return this.uploads.shared || this.engine.bus instanceof MemoryBus
  }

  private get httpUploadOptions(): HttpUploads {
    return { ring: this.engine.ring, store: this.uploads, log: this.log, origins: this.origins }
  }

  private isUpload(path: string): boolean {
    const at = path.lastIndexOf(UPLOAD_PATH)
    return at > 0 && this.isOurs(path.slice(0, at), '')
  }

  private isOurs(path: string, rest: string): boolean {
    return path === `${this.socketUrl}${rest}` || (this.prefix !== '' && path === `${this.path}${rest}`)
  }

  private client(): ClientScript {
    return (this.script ??= clientScript(this.development ? DEV_CLIENT_PATH : CLIENT_PATH))
  }
}

const pathOf = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://localhost').pathname
