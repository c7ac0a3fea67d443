// The Koa side: the page middleware (client script, page renders, uploads over HTTP) and the WebSocket endpoint.
import type { Server as HttpServer } from 'node:http'
import type { Server as HttpsServer } from 'node:https'
import type Koa from 'koa'
import type { Context, Middleware } from 'koa'
import type { ServerOptions, WebSocket } from 'ws'
import { CLIENT_PATH, clientScript, DEV_CLIENT_PATH, type ClientScript } from './assets.js'
import type { ComponentClass } from '../core/component.js'
import type { CheckedClass } from '../core/typing.js'
import { Engine } from '../core/engine.js'
import { escapeHtml } from '../core/helpers.js'
import { KeyRing } from '../core/keys.js'
import { resolveSecrets } from '../core/secrets.js'
import { showErrorPage } from '../features/errors/page.js'
import { reporter } from '../features/errors/answer.js'
import { Warnings } from '../features/warnings.js'
import { Registry } from '../core/registry.js'
import { checkOptions, type ReactorOptions } from './options.js'

export type { ReactorOptions } from './options.js'
import { Renderer } from '../core/render.js'
import { ensureSession, scriptNonce, sessionOf } from './session.js'
import { endSession } from '../features/sessions.js'
import { carriedFlash, finishFlash, flashMark } from '../features/flash.js'
import type { Logger, Transaction } from '../wire/host.js'
import { ReactorSockets } from './sockets.js'
import type { SocketEndpoint } from './upgrade.js'
import { MemoryBus } from '../realtime/bus/memory.js'
import { RedisBus } from '../realtime/bus/redis.js'
import { resolveLimits, type Limits } from '../wire/limits.js'
import { presenceFor } from '../features/presence-redis.js'
import { nodeStore, type UploadStore } from '../features/uploads/store.js'
import { receivePut, type HttpUploads } from '../features/uploads/http.js'
import { UPLOAD_PATH } from '../features/uploads/parts.js'
import { Origins } from './origin.js'
import { foreignHeader, guardContext, warnUnbound } from './traps.js'
import { AutoBroadcast, catchUp, publisherFor, type Change } from '../realtime/models.js'
import { closeOnSignals } from './shutdown.js'
import { DEV_RECONNECT_WINDOW_MS, RECONNECT_WINDOW_MS } from '../wire/reconnect.js'

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

/** `Components`: the classes of the `components` option, whose handler declarations are checked against their methods. */
export class Reactor<const Components extends readonly ComponentClass[] = readonly ComponentClass[]> {
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
  /** what a PUT of an upload's part needs (made on the first) */
  private puts?: HttpUploads
  private socketSide?: ReactorSockets
  /** the socket endpoint of the app `attach` was given */
  private endpoint?: SocketEndpoint<any, any>
  /** the socket is served through koa-websocket (`socket()`), composed by hand */
  private composed = false
  /** where uploads arrive, over the socket or over HTTP */
  readonly uploads: UploadStore
  /** `close()` under way or done */
  private closing?: Promise<void>
  /** stops listening to the shutdown signals (installed once a server serves the socket) */
  private ignoreSignals?: () => void

  constructor(readonly options: ReactorOptions<Components> = {}) {
    checkOptions(options)
    this.log = options.logger ?? { warn: (m) => console.warn(m), error: (m, e) => console.error(m, e ?? '') }
    const ring = new KeyRing(resolveSecrets({ secret: options.secret, warn: (m) => this.log.warn(m) }))
    this.development = options.development ?? process.env.NODE_ENV !== 'production'
    const renderer = new Renderer({
      views: options.views ?? 'views',
      minify: options.minify ?? false,
      watch: options.watch ?? process.env.NODE_ENV !== 'production',
      strictNames: this.development,
    })
    const redis = options.redis ?? process.env.REDIS_URL
    const bus = options.bus ?? (redis ? new RedisBus(redis, { logger: this.log }) : new MemoryBus())
    this.engine = new Engine(this.registry, ring, renderer, options.tokenTtl ?? 86_400, bus)
    this.engine.presence = options.presence ?? presenceFor(bus)
    if (this.development) this.engine.develop = this.warnings = new Warnings(this.log)
    this.engine.report = reporter(this.log, this.development)
    this.models = new AutoBroadcast(publisherFor(bus, options.changes), options.autoBroadcast)
    this.transaction = this.models.around(options.transaction ?? ((work) => work()))
    if (options.autoBroadcast) this.unwatch = options.changes?.subscribe((change) => this.changed(change), () => catchUp(bus))
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

  /**
   * Shuts the node down without losing anything (SIGTERM calls it, unless the `shutdown` option says otherwise):
   * stops accepting sockets and requests (the servers it serves the socket on stop listening), finishes the
   * events it is running, closes its sockets telling each page to reconnect after a random wait within
   * `reconnectWindowMs`, then stops following the data layer's changes and closes the bus and presence.
   */
  close(): Promise<void> {
    return (this.closing ??= this.shutDown())
  }

  private async shutDown(): Promise<void> {
    this.ignoreSignals?.()
    const shutdown = this.options.shutdown || {}
    await this.socketSide?.drain(this.endpoint?.bound ?? [], this.reconnectWindowMs, shutdown.graceMs ?? 10_000)
    this.unwatch?.()
    await this.engine.presence?.close()
    return this.engine.bus.close()
  }

  /** Registers a component class (under `static tag` or its kebab-case class name). */
  register<C extends ComponentClass>(cls: C & CheckedClass<C>): this {
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
      if (this.socketSide?.draining) ctx.set('Connection', 'close') // shutting down: no keep-alive
      const script = this.client()
      if ((ctx.method === 'GET' || ctx.method === 'HEAD') && this.isOurs(ctx.path, `/${script.file}`)) return script.serve(ctx)
      const ticket = ctx.method === 'PUT' ? this.uploadTicket(ctx.path) : undefined
      if (ticket !== undefined) return receivePut(ctx, ticket, (this.puts ??= { ring: this.engine.ring, store: this.uploads, log: this.log, origins: this.origins, development: this.development }))
      const render: RenderPage = (view, locals) => this.render(ctx, view, locals)
      ctx.reactor = { render }
      ctx.render ??= render
      if (this.development) ctx.state.reactorHeader ??= foreignHeader
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
      query: ctx.query,
      nonce: scriptNonce(ctx.state.cspNonce),
    }
    let headed = false
    const reactorHeader = () => ((headed = true), this.header(ctx))
    let html: string
    const carried = carriedFlash(ctx, this.engine, scope)
    const mark = flashMark()
    try {
      html = await this.engine.renderPage(view, scope, { ...ctx.state, ...locals, reactorHeader, flash: () => mark })
    } catch (error) {
      if (!this.development) throw error
      return showErrorPage(ctx, view, error, this.log)
    }
    html = finishFlash(ctx, this.engine, scope, { html, mark }, carried)
    this.warnings?.rendered(view, html, headed)
    if (this.warnings && headed && !this.socketServed) html = warnUnbound(html, view, this.socketUrl, this.warnings)
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
    const reconnect = this.options.reconnectWindowMs === undefined ? '' : ` data-reconnect="${this.options.reconnectWindowMs}"`
    return `<script defer src="${this.socketUrl}/${this.client().file}" data-url="${this.socketUrl}"${reconnect}${nonce}${dev}></script>`
  }

  /** Options for koa-websocket, to compose with it by hand: the path and the Origin are checked before the handshake. */
  get wsOptions(): ServerOptions {
    return this.sockets.wsOptions
  }

  /** The koa-websocket middleware that serves the component socket (`reactor.attach` needs none). */
  socket(): Middleware {
    const sockets = this.sockets
    this.composed = true
    return (ctx) => sockets.open((ctx as Context & { websocket: WebSocket }).websocket, ctx, undefined)
  }

  /** All of it on one app: the middleware, and the socket on the server `app.listen` makes. Returns the app. */
  attach<S, C>(app: Koa<S, C>): ReactorApp<S, C> {
    guardContext(app)
    app.use(this.middleware() as never)
    return Object.assign(app, { ws: (this.endpoint = this.sockets.serve(app)) })
  }

  /**
   * Serves the component socket on a server of your own: `http.createServer(app.callback())`, an HTTPS server,
   * one shared with other apps (`app.listen()` needs none of it). Call `attach(app)` first. Returns the server.
   */
  listen<T extends HttpServer | HttpsServer>(server: T): T {
    if (!this.endpoint) throw new Error('koa-reactor: reactor.listen(server) serves the socket of the app reactor.attach(app) returned; call reactor.attach(app) first')
    this.endpoint.listen(server as HttpServer)
    return server
  }

  /** Whether some server answers the component socket (bound by `app.listen`, `listen(server)` or koa-websocket). */
  private get socketServed(): boolean {
    return this.composed || (this.endpoint?.servers ?? 0) > 0
  }

  /** The node's component sockets, made once. */
  private get sockets(): ReactorSockets {
    return (this.socketSide ??= new ReactorSockets({
      engine: this.engine,
      development: this.development,
      log: this.log,
      transaction: this.transaction,
      limits: this.limits,
      uploads: this.uploads,
      httpUploads: this.httpUploads,
      userRefreshMs: this.options.userRefreshMs ?? 5000,
      heartbeatMs: this.options.heartbeatMs ?? 25_000,
      perMessageDeflate: this.options.perMessageDeflate ?? false,
      errorNotice: this.options.errorNotice === false ? '' : (this.options.errorNotice ?? 'Something went wrong. Please try again.'),
      origins: this.origins,
      ours: (path) => this.isOurs(path, ''),
      user: (ctx) => this.userOf(ctx),
      listening: () => this.listening(),
    }))
  }

  /** the window a page's reconnect waits within (the client's default unless the option is given) */
  private get reconnectWindowMs(): number {
    return this.options.reconnectWindowMs ?? (this.development ? DEV_RECONNECT_WINDOW_MS : RECONNECT_WINDOW_MS)
  }

  /** A server serves the socket: the shutdown signals close the node (once). */
  private listening(): void {
    const { shutdown } = this.options
    if (this.ignoreSignals || this.closing || shutdown === false) return
    this.ignoreSignals = closeOnSignals(shutdown?.signals ?? ['SIGTERM'], () => this.close(), this.log)
  }

  private userOf(ctx: Context): unknown {
    return this.options.user ? this.options.user(ctx) : ctx.state.user
  }

  /**
   * Files go over HTTP where any node that receives them can hand them to the component: with one node (no bus
   * between nodes) or a store every node shares. Elsewhere they go over the page's socket, to its node.
   */
  private get httpUploads(): boolean {
    return this.uploads.shared || this.engine.bus instanceof MemoryBus
  }

  /** The upload ticket a PUT to `<socket path>/upload/<ticket>` carries; undefined for other paths. */
  private uploadTicket(path: string): string | undefined {
    const at = path.lastIndexOf(UPLOAD_PATH)
    return at > 0 && this.isOurs(path.slice(0, at), '') ? path.slice(at + UPLOAD_PATH.length) : undefined
  }

  private isOurs(path: string, rest: string): boolean {
    return path === `${this.socketUrl}${rest}` || (this.prefix !== '' && path === `${this.path}${rest}`)
  }

  private client(): ClientScript {
    return (this.script ??= clientScript(this.development ? DEV_CLIENT_PATH : CLIENT_PATH))
  }
}
