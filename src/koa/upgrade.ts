// The component socket on a plain `ws` server, on the http server's 'upgrade' event. The path and the Origin
// are checked before the handshake (a refused upgrade is answered with an HTTP status, and no socket opens).
// An open socket keeps what its request said that a Koa context may need (URL, headers but the handshake's,
// TLS, address), not the request: the context is built from it when the `user` option or a component needs
// one (koa-websocket kept the request and a context for each socket's life: docs/design.md has the cost).
import { ServerResponse, STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http'
import type { Duplex } from 'node:stream'
import type Koa from 'koa'
import type { Context, Middleware } from 'koa'
import { WebSocket, WebSocketServer } from 'ws'
import type { SocketEvents } from '../wire/frames.js'
import type { UserScope } from '../wire/user.js'
import { scriptNonce, sessionOf } from './session.js'

/** Headers only the handshake and the transport read: an open socket does not keep them. */
const TRANSPORT = new Set(['sec-websocket-key', 'sec-websocket-version', 'sec-websocket-extensions', 'connection', 'upgrade', 'cache-control', 'pragma', 'accept-encoding'])

/** The last value seen of each header (and the URL): sockets whose value is the same share one string. */
const seen = new Map<string, string>()
/** one browser's own: nothing to share, and not kept after its socket */
const OWN = new Set(['cookie', 'authorization'])

function shared(name: string, value: string): string {
  if (OWN.has(name)) return value
  const last = seen.get(name)
  if (last === value) return last
  if (last !== undefined || seen.size < 64) seen.set(name, value)
  return value
}

/** What a socket keeps of its upgrade request; it stands in for the request in the contexts built from it. */
export class Handshake {
  readonly url: string
  readonly headers: IncomingHttpHeaders = {}

  constructor(req: IncomingMessage, readonly app: Koa, readonly ws: WebSocket) {
    this.url = shared(':url', req.url ?? '/')
    for (const name in req.headers) {
      const value = req.headers[name]
      if (!TRANSPORT.has(name)) this.headers[name] = typeof value === 'string' ? shared(name, value) : value
    }
  }

  /** what Koa's `ctx.secure` and `ctx.ip` read: the socket's, read when asked (node keeps the address once read) */
  get socket(): { encrypted?: boolean; remoteAddress?: string } {
    return (this.ws as unknown as { _socket?: { encrypted?: boolean; remoteAddress?: string } })._socket ?? {}
  }

  get method(): string {
    return 'GET'
  }

  get httpVersionMajor(): number {
    return 1
  }

  get httpVersionMinor(): number {
    return 1
  }

  /** A Koa context of this socket, with a response of its own that goes nowhere (a socket sets no cookie). */
  context(): Context {
    const req = this as unknown as IncomingMessage
    const ctx = this.app.createContext(req, new ServerResponse(req)) as Context & { websocket: WebSocket }
    ctx.websocket = this.ws
    return ctx
  }
}

/**
 * The `nonce` of a socket's URL, read from the text: `ctx.query` would leave the parsed URL on the handshake
 * request, which the socket keeps for its life (about 130 B of every idle socket).
 */
function nonceIn(url: string): string | undefined {
  const found = /[?&]nonce=([^&#]*)/.exec(url)?.[1]
  if (!found) return undefined
  try {
    return decodeURIComponent(found.replace(/\+/g, ' '))
  } catch {
    return undefined
  }
}

/** A socket's scope: its session, its user, and its Koa context, built again from the handshake once let go. */
export class SocketScope implements UserScope {
  user: unknown = undefined
  slots?: Record<string, unknown>
  userAt?: number = undefined
  readonly session: string
  /** the page's CSP nonce, which the client sends in the socket's URL (`?nonce=`): what templates' scripts carry */
  readonly nonce?: string
  private built?: Context

  /** `shake`: the context can be built again from it (without one, `ctx` is kept for the socket's life). */
  constructor(ctx: Context, private readonly shake?: Handshake) {
    this.session = sessionOf(ctx)
    this.nonce = scriptNonce(nonceIn(ctx.url))
    this.built = ctx
  }

  get ctx(): Context {
    return (this.built ??= this.shake!.context())
  }

  /** Lets go of the context (each idle socket pays for what it holds); the next use builds it again. */
  release(): void {
    if (this.shake) this.built = undefined
  }
}

/** The endpoint's sockets: their events go to one receiver, not to listeners (a listener and its closure each cost every idle socket). */
export class ComponentSocket extends WebSocket {
  private to?: SocketEvents

  deliverTo(to: SocketEvents): void {
    this.to = to
    // no table of listeners until one is added (EventEmitter makes it then): an empty one is 184 B of each socket
    const emitter = this as unknown as { _events?: object; _eventsCount: number }
    if (emitter._eventsCount === 0) emitter._events = undefined
  }

  /**
   * A ping from the peer (a browser sends none; another client may). ws's own answer keeps a closure and a
   * count on every socket (about 110 B of each idle one); this one keeps nothing. A pong is left out while
   * frames wait to go out: the peer is not reading (flow control deals with it), and an endpoint may answer
   * only the last of several pings (RFC 6455, 5.5.3).
   */
  private answer(data: Buffer): void {
    if (this.readyState === WebSocket.OPEN && this.bufferedAmount === 0) this.pong(data, false)
  }

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    const to = this.to
    if (event === 'message') to?.received(args[0] as Buffer, args[1] as boolean)
    else if (event === 'close') to?.closed()
    else if (event === 'pong') to?.ponged()
    else if (event === 'ping') this.answer(args[0] as Buffer)
    // ws reports a broken frame as an error and closes the socket itself; unheard, emit would throw
    else if (event === 'error' && this.listenerCount('error') === 0) return false
    return super.emit(event, ...args)
  }
}

export interface EndpointOptions {
  /** bytes of the largest frame; a bigger one closes the socket */
  maxPayload: number
  /** permessage-deflate, when the browser offers it */
  perMessageDeflate: boolean
  /** why an upgrade request is refused ([HTTP status, message]), or undefined to accept it */
  refusal(req: IncomingMessage): [status: number, message: string] | undefined
  /** whether `path` is the socket's (a request for another path is left to the server's other upgrade listeners) */
  ours(req: IncomingMessage): boolean
  /** a socket opened: its context, and whether it can be built again from the handshake */
  open(ws: WebSocket, ctx: Context, shake: Handshake | undefined): void
  /** it serves a server (first or again) */
  listening?(server: Server): void
}

/** The socket endpoint of one Koa app: `use` adds middleware that runs on each socket's context before it opens. */
export class SocketEndpoint<S = Koa.DefaultState, C = Koa.DefaultContext> {
  private readonly middleware: Middleware<S, C>[] = []
  private readonly server: WebSocketServer

  constructor(private readonly app: Koa<S, C>, private readonly options: EndpointOptions) {
    this.server = new WebSocketServer({ noServer: true, clientTracking: false, maxPayload: options.maxPayload, perMessageDeflate: options.perMessageDeflate, WebSocket: ComponentSocket, autoPong: false })
  }

  /** Middleware for the socket's context (a session store, say): it runs once, when the socket opens. */
  use(middleware: Middleware<S, C & { websocket: WebSocket }>): this {
    this.middleware.push(middleware as Middleware<S, C>)
    return this
  }

  /** how many servers it is bound to */
  servers = 0
  /** the servers it is bound to (a node that shuts down stops them listening) */
  readonly bound = new Set<Server>()

  /** Serves the component socket on `server`'s upgrade requests. */
  listen(server: Server): this {
    this.servers++
    this.bound.add(server)
    this.options.listening?.(server)
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(server, req, socket, head))
    return this
  }

  private upgrade(server: Server, req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // another path may be another listener's (a second WebSocket server); with none, it is not found
    if (!this.options.ours(req) && server.listenerCount('upgrade') > 1) return
    const refused = this.options.refusal(req)
    if (refused) return refuse(socket, ...refused)
    this.server.handleUpgrade(req, socket, head, (ws) => this.opened(ws, new Handshake(req, this.app as unknown as Koa, ws)))
  }

  private opened(ws: WebSocket, shake: Handshake): void {
    const ctx = shake.context()
    if (this.middleware.length === 0) return this.options.open(ws, ctx, shake)
    // the page's join waits in the socket until middleware is done; what it put on the context stays there:
    // that context is kept
    ws.pause()
    const open = () => (this.options.open(ws, ctx, undefined), ws.resume())
    void run(this.middleware as Middleware[], ctx, open).catch((error) => {
      this.app.emit('error', error, ctx)
      ws.close(1011, 'socket middleware failed')
    })
  }
}

function refuse(socket: Duplex, status: number, message: string): void {
  const body = `${message}\n`
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
}

/** Runs Koa middleware in order, then `last`. */
function run(middleware: Middleware[], ctx: Context, last: () => void): Promise<void> {
  const step = async (i: number): Promise<void> => {
    if (i === middleware.length) return last()
    await middleware[i]!(ctx, () => step(i + 1))
  }
  return step(0)
}
