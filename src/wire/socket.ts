// One browser's WebSocket: frames in and out, parsing, join and leave, routing to the page's components, and
// errors. What a component does on the socket lives in live.ts; everything kept is a cache of what the browser
// holds, so a new socket on any node rebuilds it from a join.
import type { Scope } from '../core/engine.js'
import { ValidationError } from '../core/schema.js'
import { TokenError } from '../core/token.js'
import { Flow, SETTLED } from './flow.js'
import { sendFrame, type SocketLike } from './frames.js'
import type { Pinged } from './heartbeat.js'
import { errorAnswer, logLine } from './errors.js'
import type { About, Host, SocketOptions } from './host.js'
import { RateBudget, tooManyFollowed } from './limits.js'
import { LiveComponent } from './live.js'
import { NO_PLUGINS } from './plugin.js'
import { at } from '../core/plugin.js'
import { clip, MAX_ECHO, MAX_ID, parseClientMessage, ProtocolError, type ClientMessage, type Held, type PluginMessage, type ServerMessage } from './protocol.js'
import { Roster } from './roster.js'
import { nextTurn, type Queued } from './turns.js'
import { currentUser, endUser, userIsFresh, type UserScope } from './user.js'

/** Token failures that honest pages do not make (an old page makes `expired` and `unknown-key` ones). */
const SUSPICIOUS = new Set(['malformed', 'too-large', 'bad-algorithm', 'bad-signature', 'wrong-session', 'wrong-component', 'wrong-id'])

export type { SocketOptions } from './host.js'
export type { Logger } from './errors.js'
export type { Transaction } from '../realtime/models.js'

const isPinged = (ws: SocketLike): ws is SocketLike & Pinged => typeof (ws as Partial<Pinged>).ping === 'function'

export class Connection implements Host, Queued {
  readonly roster = new Roster()
  page = ''
  /** the work of the socket so far: the user found when it opened, then each message handled */
  private ready: Promise<unknown>
  /** the messages waiting, while some wait or the peer does not read (an idle socket has none) */
  private flow?: Flow<string | Buffer>
  /** made on first use (every idle socket pays for what it holds) */
  private rate?: RateBudget
  /** when a refused event was last logged: a flood is logged every 10 s at most */
  private limitedLoggedAt = 0
  private tokenFailures = 0

  /** `findUser` runs the app's `user` option for this socket. */
  constructor(
    readonly options: SocketOptions,
    private readonly ws: SocketLike,
    readonly scope: UserScope,
    private readonly findUser: (scope: Scope) => unknown,
  ) {
    this.ready = this.currentUser()
    options.sessions?.follow(scope.session, this)
    if (options.heartbeat && isPinged(ws)) options.heartbeat.watch(ws)
    for (const plugin of options.plugins?.opened ?? []) plugin.opened!(this)
    if (ws.deliverTo) ws.deliverTo(this)
    else {
      ws.on('message', (data: Buffer, isBinary: boolean) => this.received(data, isBinary))
      ws.on('close', () => this.closed())
    }
  }

  /** A frame from the browser. */
  received(data: Buffer, isBinary: boolean): void {
    this.take(isBinary ? data : data.toString())
  }

  /** The socket closed: its components stop following broadcasts, what it received is let go. */
  closed(): void {
    const { heartbeat, sessions } = this.options
    if (heartbeat && isPinged(this.ws)) heartbeat.forget(this.ws)
    sessions?.leave(this.scope.session, this)
    this.roster.forgetAll()
    for (const plugin of this.options.plugins?.closed ?? []) this.ready = this.ready.then(() => plugin.closed!(this))
  }

  /** The peer answered a ping. */
  ponged(): void {
    if (this.options.heartbeat && isPinged(this.ws)) this.options.heartbeat.ponged(this.ws)
  }

  private currentUser(): Promise<void> {
    return currentUser(this.scope, this.findUser, this.options.userRefreshMs, this.options.log)
  }

  private flowing(): Flow<string | Buffer> {
    return (this.flow ??= new Flow(this.ws, this.options.limits.bufferedBytes))
  }

  get engine() {
    return this.options.engine
  }

  /** Resolves once the peer has read what waits to go out (at once unless it stopped reading): more output waits for it. */
  drained(): Promise<void> {
    return this.flow?.clear() ?? SETTLED
  }

  send(msg: ServerMessage): void {
    const around = this.engine.registry.around
    if (around) at(around, { at: 'send', host: this, msg }, sendFrame, this.ws, msg)
    else sendFrame(this.ws, msg)
    if (this.flow || (this.ws.bufferedAmount ?? 0) > this.options.limits.bufferedBytes) this.flowing().sent()
  }

  /** Input is echoed cut short: an id only when it could be one, a message to a few hundred characters. */
  fail(code: string, msg: string, id?: string, q?: number, about: About = {}): void {
    const failure = { code, msg: clip(msg, MAX_ECHO), id: id && id.length <= MAX_ID ? id : undefined, q, ...about }
    if (about.error) this.options.log.error(logLine(failure), about.error)
    else this.options.log.warn(logLine(failure))
    this.send(errorAnswer(failure, this.options.development))
    for (const plugin of this.options.plugins?.failed ?? []) plugin.failed!(failure, this)
  }

  /** Messages are handled one at a time, in order: one that finds none waiting at once, the next ones of the
   * socket one per turn of the event loop (turns.ts), so that other sockets are read between two of them. */
  private take(raw: string | Buffer): void {
    if (this.flowing().queued(raw)) this.turn()
  }

  /** Its turn: handles the oldest message waiting (it waits in the flow until handled). */
  turn(): void {
    const flow = this.flow!
    this.ready = this.handle(flow.waiting[0], this.ready, flow)
  }

  private async handle(raw: string | Buffer, before: Promise<unknown>, flow: Flow): Promise<void> {
    try {
      if (before !== SETTLED) await before
      const drained = flow.clear()
      if (drained !== SETTLED) await drained
      const received = this.receive(raw)
      if (received) await received
    } catch (error) {
      this.options.log.error('koa-reactor: a message failed', error)
    }
    if (flow.handled() !== undefined) return nextTurn(this)
    if (!flow.idle) return
    // a socket with nothing to do holds no promise or Flow of its own
    this.flow = undefined
    this.ready = SETTLED
  }

  /** Handles one message; a promise only while what it started must end before the next (a chunk written, the user looked up). */
  private receive(raw: string | Buffer): void | Promise<void> {
    if (this.ws.readyState !== this.ws.OPEN) return // closed meanwhile: what it sent is not worth the work
    const { plugins = NO_PLUGINS } = this.options
    const around = this.engine.registry.around
    if (typeof raw !== 'string') {
      const { binary } = plugins
      if (!binary) return this.fail('bad-message', 'this socket takes no binary frames')
      return around ? at(around, { at: 'message', host: this, t: 'binary', raw }, binary.binary!.bind(binary), this, raw) : binary.binary!(this, raw)
    }
    let msg: ClientMessage | PluginMessage
    try {
      msg = parseClientMessage(raw, this.options.limits, plugins.messages)
    } catch (error) {
      const e = error as ProtocolError
      return this.fail(e.code ?? 'bad-message', e.message, e.id, e.q)
    }
    return around ? at(around, { at: 'message', host: this, t: msg.t, raw }, this.route.bind(this), msg) : this.route(msg)
  }

  /** A message parsed: to its capability, or joined, routed to its component, or left. */
  private route(msg: ClientMessage | PluginMessage): void | Promise<void> {
    if ('plugin' in msg) return this.pluginMessage(msg)
    // a join counts as one event (a page joins once, and again after a reconnect)
    if (msg.t !== 'leave' && !this.withinRate(msg.t === 'ev' ? msg : {}, 1)) return
    if (msg.t === 'ev') {
      if (userIsFresh(this.scope, this.options.userRefreshMs)) return this.event(msg)
      const event = msg
      return this.currentUser().then(() => this.event(event))
    }
    if (msg.t === 'join') this.join(msg.p, msg.c, msg.r === 1)
    else if (msg.t === 'leave') this.roster.forget(this.roster.get(msg.id))
  }

  /** A message of a type a capability added: it counts against the rate as its plugin says. */
  private pluginMessage({ plugin, msg }: PluginMessage): void | Promise<void> {
    if (!this.withinRate({}, plugin.cost?.(msg) ?? 1)) return
    return plugin.run(msg, this)
  }

  /** `again`: the page is joining after a reconnect (it may have missed broadcasts meanwhile). */
  private join(page: string, held: Held[], again: boolean): void {
    this.page = page
    for (const { id, tok, h } of held) {
      const adopted = this.adopt(id, tok)
      if (!adopted) continue
      adopted.live.clientHash = h
      adopted.live.joined({ stale: adopted.stale, again })
    }
  }

  /** The browser session was ended (on any node): what its user may no longer use leaves, then the socket closes. */
  async sessionEnded(): Promise<void> {
    endUser(this.scope)
    await Promise.all(this.roster.all.map((live) => live.recheck()))
    this.ws.close?.(4001, 'session ended')
  }

  /** Whether one more event fits the socket's rate; refusals are logged every 10 s at most. */
  private withinRate({ id, q }: { id?: string; q?: number }, cost: number): boolean {
    const { eventsPerSecond, eventBurst } = this.options.limits
    if (eventsPerSecond === Infinity || (this.rate ??= new RateBudget(eventsPerSecond, eventBurst)).take(cost)) return true
    const msg = `more than ${this.options.limits.eventsPerSecond} events per second (burst ${this.options.limits.eventBurst}): this event was dropped; send fewer (debounce or throttle the binding)`
    if (Date.now() - this.limitedLoggedAt < 10_000) this.send({ t: 'err', ...(id ? { id, q } : {}), code: 'rate-limited', msg })
    else {
      this.fail('rate-limited', `${msg}; more refusals on this socket are logged every 10 s at most`, id, q)
      this.limitedLoggedAt = Date.now()
    }
    return false
  }

  /** Verifies a token the browser sent and keeps it as the component's state; reports what is wrong. */
  private adopt(id: string, tok: string, q?: number): { live: LiveComponent; stale: boolean } | undefined {
    const { componentsPerSocket } = this.options.limits
    if (!this.roster.has(id) && this.roster.size >= componentsPerSocket) {
      this.fail('too-many-components', tooManyFollowed(componentsPerSocket), id, q)
      return undefined
    }
    try {
      const { claims, stale } = this.engine.verify(tok, { session: this.scope.session, cid: id })
      // the token's cid is that id (verified): one string for both
      const live = this.roster.get(id) ?? new LiveComponent(this, claims.cid, tok, claims)
      live.hold(tok, claims)
      this.roster.add(live)
      return { live, stale }
    } catch (error) {
      if (error instanceof TokenError) this.tokenFailed(error, id, q)
      else if (error instanceof ValidationError) this.fail('bad-state', error.message, id, q)
      else this.fail('server-error', 'the server could not check this token; reload the page', id, q, { error })
      return undefined
    }
  }

  /** Reports a bad token; a socket that keeps sending forged or foreign ones is closed. */
  private tokenFailed(error: TokenError, id: string, q?: number): void {
    this.fail(error.reason, error.message, id, q)
    if (!SUSPICIOUS.has(error.reason) || ++this.tokenFailures <= this.options.limits.tokenFailures) return
    this.fail('too-many-failures', `more than ${this.options.limits.tokenFailures} bad tokens on this socket: it is closed`)
    this.ws.close?.(1008, 'too many bad tokens')
  }

  private event(msg: Extract<ClientMessage, { t: 'ev' }>): void {
    const known = this.roster.get(msg.id)
    const live = msg.tok !== undefined && msg.tok !== known?.token ? this.adopt(msg.id, msg.tok, msg.q)?.live : known
    if (live) return live.receive(msg)
    // an event the browser sent before the component left its page: answered with its removal again
    if (msg.tok === undefined && this.roster.wasGone(msg.id)) return this.send({ t: 'rm', id: msg.id, ...(msg.q ? { q: msg.q } : {}) })
    if (msg.tok === undefined) this.fail('not-joined', `#${msg.id} has not joined this socket; send its token`, msg.id, msg.q)
  }
}
