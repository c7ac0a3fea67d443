// One browser's WebSocket: join the components of its page, run their events in order, answer with patches.
// Everything kept here is a cache of what the browser holds; a new socket on any node rebuilds it from a join.
import type { Context } from 'koa'
import type { WebSocket } from 'ws'
import { runtime, type Component } from './component.js'
import { diff, hash } from './diff.js'
import type { Engine, Rendered } from './engine.js'
import { Lru } from './lru.js'
import { MAX_MESSAGE_BYTES, parseClientMessage, ProtocolError, type ClientMessage, type Held, type ServerMessage } from './protocol.js'
import { parseShape, ValidationError, type StandardSchema } from './schema.js'
import { TokenError, type Claims } from './token.js'

export interface Logger {
  warn(message: string): void
  error(message: string, error?: unknown): void
}

/** What this socket knows of one component the browser holds. */
interface Live {
  id: string
  /** the newest token this socket has seen for it, and its verified claims */
  token: string
  claims: Claims
  /** the HTML (with `state=""`) the browser shows, when known */
  base?: string
  /** whether the browser holds `base` as text, so that a diff against it can be applied */
  diffable?: boolean
  /** the hash of the HTML text the browser said it holds, until `base` is known */
  clientHash?: string
  /** events of one component run one at a time, in order */
  queue: Promise<void>
}

/** Replies to recent events by idempotency key, shared by the node's sockets (a re-sent event after a reconnect). */
export const recentReplies = new Lru<string, ServerMessage>(10_000)

export class Connection {
  private readonly live = new Map<string, Live>()
  private page = ''

  constructor(
    private readonly engine: Engine,
    private readonly ws: WebSocket,
    private readonly ctx: Context,
    private readonly session: string,
    private readonly log: Logger,
  ) {
    ws.on('message', (data, isBinary) => this.receive(isBinary ? '' : data.toString()))
  }

  send(msg: ServerMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(msg))
  }

  private fail(code: string, msg: string, id?: string, q?: number): void {
    this.log.warn(`koa-reactor: ${code}${id ? ` (#${id}${q ? ` event ${q}` : ''})` : ''}: ${msg}`)
    this.send({ t: 'err', ...(id ? { id } : {}), ...(q ? { q } : {}), code, msg })
  }

  private receive(raw: string): void {
    let msg: ClientMessage
    try {
      if (raw.length > MAX_MESSAGE_BYTES) throw new ProtocolError('too-large', `messages are limited to ${MAX_MESSAGE_BYTES} bytes`)
      msg = parseClientMessage(raw)
    } catch (error) {
      const e = error as ProtocolError
      return this.fail(e.code ?? 'bad-message', e.message, e.id, e.q)
    }
    if (msg.t === 'join') this.join(msg.p, msg.c)
    else if (msg.t === 'leave') this.live.delete(msg.id)
    else this.event(msg)
  }

  private join(page: string, held: Held[]): void {
    this.page = page
    for (const { id, tok, h } of held) {
      const live = this.adopt(id, tok)
      if (!live) continue
      live.clientHash = h
      const remaining = live.claims.exp - Math.floor(Date.now() / 1000)
      if (live.stale) this.enqueue(live, () => this.remount(live))
      else if (remaining < this.engine.ttl / 2) this.enqueue(live, () => this.refresh(live))
    }
  }

  /** Verifies a token the browser sent and keeps it as this component's state; reports what is wrong. */
  private adopt(id: string, tok: string, q?: number): (Live & { stale: boolean }) | undefined {
    try {
      const { claims, stale } = this.engine.rebuild(tok, { session: this.session, cid: id }, this.ctx)
      const live = this.live.get(id) ?? { id, token: tok, claims, queue: Promise.resolve() }
      live.token = tok
      live.claims = claims
      this.live.set(id, live)
      return Object.assign(live, { stale })
    } catch (error) {
      if (error instanceof TokenError) this.fail(error.reason, error.message, id, q)
      else if (error instanceof ValidationError) this.fail('bad-state', error.message, id, q)
      else this.fail('join-failed', String(error), id, q)
      return undefined
    }
  }

  private enqueue(live: Live, work: () => Promise<void>): void {
    live.queue = live.queue.then(work).catch((error) => this.log.error(`koa-reactor: internal error on #${live.id}`, error))
  }

  private event(msg: Extract<ClientMessage, { t: 'ev' }>): void {
    const known = this.live.get(msg.id)
    const live = msg.tok !== undefined && msg.tok !== known?.token ? this.adopt(msg.id, msg.tok, msg.q) : known
    if (!live) {
      if (!msg.tok) this.fail('not-joined', `#${msg.id} has not joined this socket; send its token`, msg.id, msg.q)
      return
    }
    this.enqueue(live, () => this.handle(live, msg))
  }

  private async handle(live: Live, msg: Extract<ClientMessage, { t: 'ev' }>): Promise<void> {
    const key = `${this.page}:${live.id}:${msg.q}`
    const earlier = recentReplies.get(key)
    if ((live.claims.seq ?? 0) >= msg.q) return this.send({ t: 'ack', id: live.id, q: msg.q })
    if (earlier) {
      // the browser never got this answer: once it applies it, it holds the answer's state and HTML
      if ('tok' in earlier && earlier.tok && this.adopt(live.id, earlier.tok, msg.q)) live.base = undefined
      return this.send(earlier)
    }
    const instance = this.instance(live)
    const entry = this.engine.entryOf(instance)
    const declared = entry.handlers.get(msg.n)
    if (!declared) {
      return this.fail('not-a-handler', `${entry.name} has no handler "${msg.n}"; declare it in static handlers`, live.id, msg.q)
    }
    let args: Record<string, unknown>
    try {
      args = await validateArgs(declared, msg.a ?? {}, `${entry.name}.${msg.n} arguments`)
    } catch (error) {
      return this.fail('bad-arguments', (error as Error).message, live.id, msg.q)
    }
    if (live.base === undefined) await this.recoverBase(live)
    try {
      await (instance as unknown as Record<string, (a: unknown) => unknown>)[msg.n](args)
    } catch (error) {
      this.log.error(`koa-reactor: ${entry.name}.${msg.n} threw on #${live.id}`, error)
      return this.send({ t: 'err', id: live.id, q: msg.q, code: 'handler-failed', msg: `${entry.name}.${msg.n} failed: ${(error as Error).message}` })
    }
    await this.commit(instance)
    const reply = await this.rerender(live, instance, msg.q)
    if (reply) recentReplies.set(key, reply)
  }

  /** A fresh instance from the state this socket holds (verified when it arrived). */
  private instance(live: Live): Component {
    return this.engine.fromClaims(live.claims, this.ctx).instance
  }

  /**
   * Renders the state the browser holds: what it shows. When that matches the hash of the text the browser
   * holds (sent on join), later renders can be diffs against it; otherwise the first one goes whole.
   */
  private async recoverBase(live: Live): Promise<void> {
    const before = await this.engine.render(this.instance(live), this.session)
    live.base = before.bare
    live.diffable = live.clientHash === hash(before.bare)
    live.clientHash = undefined
  }

  private async commit(instance: Component): Promise<void> {
    for (const effect of instance[runtime].effects.splice(0)) {
      if (effect.kind === 'commit') await effect.fn()
    }
  }

  /** Sends what changed: a diff against the browser's HTML, whole HTML, only an acknowledgement, or nothing. */
  private async rerender(live: Live, instance: Component, q?: number): Promise<ServerMessage | undefined> {
    const rendered = await this.engine.render(instance, this.session, q ?? live.claims.seq)
    const reply = this.reply(live, rendered, q)
    if (reply && 'tok' in reply) Object.assign(live, { token: rendered.token, claims: rendered.claims })
    if (live.base !== rendered.bare) Object.assign(live, { base: rendered.bare, diffable: true })
    if (reply) this.send(reply)
    return reply
  }

  private reply(live: Live, rendered: Rendered, q?: number): ServerMessage | undefined {
    const { id } = live
    const tok = rendered.token
    if (live.base === rendered.bare) {
      if (JSON.stringify(rendered.claims.st) !== JSON.stringify(live.claims.st)) return { t: 'r', id, tok, q }
      return q === undefined ? undefined : { t: 'ack', id, q }
    }
    const d = live.diffable && live.base !== undefined ? diff(live.base, rendered.bare) : null
    return d ? { t: 'r', id, tok, d, q } : { t: 'r', id, tok, html: rendered.bare, q }
  }

  private async remount(live: Live): Promise<void> {
    Object.assign(live, { base: undefined, diffable: false })
    await this.rerender(live, this.instance(live))
  }

  private async refresh(live: Live): Promise<void> {
    const instance = this.instance(live)
    const { token, claims } = this.engine.seal(instance, this.session, live.claims.seq)
    Object.assign(live, { token, claims })
    this.send({ t: 'r', id: live.id, tok: token })
  }
}

async function validateArgs(declared: StandardSchema<Record<string, unknown>> | Record<string, StandardSchema>, value: unknown, what: string) {
  if ('~standard' in declared) {
    const result = await (declared as StandardSchema<Record<string, unknown>>)['~standard'].validate(value)
    if (result.issues) throw new ValidationError(result.issues, what)
    return result.value
  }
  return parseShape(declared as Record<string, StandardSchema>, value, what)
}
