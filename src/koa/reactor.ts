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
import { KeyRing } from '../core/keys.js'
import { resolveSecrets } from '../core/secrets.js'
import { reporter, type Logger } from '../wire/errors.js'
import { Registry } from '../core/registry.js'
import { checkOptions, type ReactorOptions } from './options.js'

export type { ReactorOptions } from './options.js'
import { Renderer } from '../core/render.js'
import { sessionOf } from './session.js'
import { endSession } from '../wire/sessions.js'
import type { Transaction } from '../realtime/models.js'
import { adoptLogger } from './logger.js'
import { ReactorSockets } from './sockets.js'
import { fallbackAttribute, streamAgeMs } from './http/options.js'
import type { SocketEndpoint } from './upgrade.js'
import { MemoryBus } from '../realtime/bus/memory.js'
import { RedisBus } from '../realtime/bus/redis.js'
import { resolveLimits, type Limits } from '../wire/limits.js'
import { Origins } from './origin.js'
import { foreignHeader, guardContext } from './traps.js'
import { AutoBroadcast, catchUp, publisherFor, type Change } from '../realtime/models.js'
import type { Bus } from '../realtime/bus/bus.js'
import type { App, Feature, Plugin } from './plugin.js'
import { headerTag, Pages, type RenderPage } from './page.js'
import { socketPlugins } from '../wire/plugin.js'
import { compose } from './compose.js'
import { closeOnSignals } from './shutdown.js'
import { DEV_RECONNECT_WINDOW_MS, RECONNECT_WINDOW_MS } from '../wire/reconnect.js'

export type { RenderPage } from './page.js'

/** A Koa app that also serves the component socket: call `listen` on it; `ws.use` adds middleware for the socket's context. */
export type ReactorApp<S = Koa.DefaultState, C = Koa.DefaultContext> = Koa<S, C> & {
  ws: SocketEndpoint<S, C>
}

/** `Components`: the classes of the `components` option, whose handler declarations are checked against their methods. */
export class Reactor<const Components extends readonly ComponentClass[] = readonly ComponentClass[]> implements App {
  readonly registry: Registry
  readonly engine: Engine
  readonly bus: Bus
  /** the capabilities, set up for this Reactor: the built-in ones, then the `plugins` option's */
  readonly plugins: readonly Plugin[]
  readonly prefix: string
  readonly path: string
  readonly log: Logger
  /** errors show their details in the browser, and the silent traps are warned about (once each) */
  readonly development: boolean
  /** runs `work` in the app's transaction; model changes reported meanwhile are broadcast once it commits */
  readonly transaction: Transaction
  private readonly models: AutoBroadcast
  private readonly unwatch?: () => void
  readonly origins: Origins
  readonly limits: Limits
  private script?: ClientScript
  private socketSide?: ReactorSockets
  private readonly pages: Pages
  /** the socket endpoint of the app `attach` was given */
  private endpoint?: SocketEndpoint<any, any>
  /** the socket is served through koa-websocket (`socket()`), composed by hand */
  private composed = false
  /** `close()` under way or done */
  private closing?: Promise<void>
  /** stops listening to the shutdown signals (installed once a server serves the socket) */
  private ignoreSignals?: () => void

  /** `features`: the built-in capabilities (src/features/index.ts), set up before the `plugins` option's. */
  constructor(readonly options: ReactorOptions<Components> = {}, features: readonly Feature[] = []) {
    checkOptions(options, [...features, ...(Array.isArray(options?.plugins) ? options.plugins : [])])
    this.log = adoptLogger(options.logger)
    const ring = new KeyRing(resolveSecrets({ secret: options.secret, warn: (m) => this.log.warn(m) }))
    this.development = options.development ?? process.env.NODE_ENV !== 'production'
    const renderer = new Renderer({
      views: options.views ?? 'views',
      minify: options.minify ?? false,
      watch: options.watch ?? process.env.NODE_ENV !== 'production',
      strictNames: this.development,
    })
    const redis = options.redis ?? process.env.REDIS_URL
    const bus = (this.bus = options.bus ?? (redis ? new RedisBus(redis, { logger: this.log }) : new MemoryBus()))
    this.prefix = (options.prefix ?? '').replace(/\/$/, '')
    this.path = options.path ?? '/__reactor__'
    this.origins = new Origins(options.origins)
    this.limits = resolveLimits(options.limits)
    this.models = new AutoBroadcast(publisherFor(bus, options.changes), options.autoBroadcast)
    this.transaction = this.models.around(options.transaction ?? ((work) => work()))
    if (options.applied && !options.transaction) throw new TypeError('koa-reactor: the `applied` option records events in the handler\'s transaction; give the `transaction` option too (your database\'s, the same one the store writes to)')
    this.plugins = [...features, ...(options.plugins ?? [])].map((feature) => feature(this))
    this.registry = new Registry(this.plugins)
    this.engine = new Engine(this.registry, ring, renderer, options.tokenTtl ?? 86_400, bus)
    this.engine.report = reporter(this.log, this.development)
    if (options.autoBroadcast) this.unwatch = options.changes?.subscribe((change) => this.changed(change), () => catchUp(bus))
    this.pages = this.pageRequests()
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
    await this.socketSide?.close()
    this.unwatch?.()
    for (const plugin of this.plugins) await plugin.close?.()
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
    const own = this.plugins.flatMap((plugin) => (plugin.middleware ? [plugin.middleware] : []))
    const page = this.pageMiddleware()
    return own.length ? compose([...own, page]) : page
  }

  private pageMiddleware(): Middleware {
    return async (ctx, next) => {
      if (this.socketSide?.draining) ctx.set('Connection', 'close') // shutting down: no keep-alive
      const script = this.client()
      if ((ctx.method === 'GET' || ctx.method === 'HEAD') && this.isOurs(ctx.path, `/${script.file}`)) return script.serve(ctx)
      if (this.isOurs(ctx.path, '')) return this.sockets.http.serve(ctx)
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
  render(ctx: Context, view: string, locals: Record<string, unknown> = {}): Promise<void> {
    return this.pages.render(ctx, view, locals)
  }

  /** The script tag for the page's <head> (the seed's `reactor_header`). */
  header(ctx: Context): string {
    return headerTag(ctx, this.socketUrl, this.client().file, this.development, this.options.reconnectWindowMs, fallbackAttribute(this.options.transport, this.options.fallback))
  }

  /** The page requests: what they need of this Reactor, and its plugins' page hooks. */
  private pageRequests(): Pages {
    return new Pages({
      engine: this.engine,
      plugins: this.plugins,
      header: (ctx) => this.header(ctx),
      user: (ctx) => this.userOf(ctx),
    })
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
  get socketServed(): boolean {
    return this.composed || (this.endpoint?.servers ?? 0) > 0
  }

  /** The node's component sockets, made once. */
  private get sockets(): ReactorSockets {
    return (this.socketSide ??= new ReactorSockets({
      engine: this.engine,
      development: this.development,
      log: this.log,
      transaction: this.transaction,
      applied: this.options.applied,
      limits: this.limits,
      userRefreshMs: this.options.userRefreshMs ?? 5000,
      heartbeatMs: this.options.heartbeatMs ?? 25_000,
      perMessageDeflate: this.options.perMessageDeflate ?? false,
      errorNotice: this.options.errorNotice === false ? '' : (this.options.errorNotice ?? 'Something went wrong. Please try again.'),
      origins: this.origins,
      ours: (path) => this.isOurs(path, ''),
      user: (ctx) => this.userOf(ctx),
      plugins: socketPlugins(this.plugins),
      listening: () => this.listening(),
      streamAgeMs: streamAgeMs(this.options.transport, this.options.fallback),
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

  isOurs(path: string, rest: string): boolean {
    return path === `${this.socketUrl}${rest}` || (this.prefix !== '' && path === `${this.path}${rest}`)
  }

  private client(): ClientScript {
    return (this.script ??= clientScript(this.development ? DEV_CLIENT_PATH : CLIENT_PATH))
  }
}
