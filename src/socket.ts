// One browser's WebSocket: join the components of its page, run their events in order, answer with patches.
// Everything kept here is a cache of what the browser holds; a new socket on any node rebuilds it from a join.
import { runtime, type Component, type Effect } from './component.js'
import { hash } from './diff.js'
import type { ChildRenderer, Engine, Scope } from './engine.js'
import { Frames, type SocketLike } from './frames.js'
import { MAX_MESSAGE_BYTES, parseClientMessage, ProtocolError, type ClientMessage, type Held, type ServerMessage } from './protocol.js'
import { validate, ValidationError } from './schema.js'
import { TokenError } from './token.js'
import { update, type Live } from './update.js'
import type { Answer, AppliedEvents } from './applied.js'

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
}

type Event = { n: string; a?: Record<string, unknown>; q?: number; r?: 1 }

export class Connection {
  private readonly live = new Map<string, Live>()
  /** components this socket stopped following (removed, or left out by their parent's render) */
  private readonly gone = new Set<string>()
  private page = ''
  private ready: Promise<unknown>
  private readonly frames: Frames

  constructor(
    private readonly options: SocketOptions,
    ws: SocketLike,
    private readonly scope: Scope,
    user: Promise<unknown>,
  ) {
    this.frames = new Frames(ws)
    this.ready = user.then(
      (found) => (scope.user = found),
      (error) => options.log.error('koa-reactor: the `user` option failed for a socket; it goes on without a user', error),
    )
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const raw = isBinary ? '' : data.toString()
      this.ready = this.ready.then(() => this.receive(raw))
    })
    ws.on('close', () => {
      for (const live of this.live.values()) this.forget(live)
    })
  }

  private get engine(): Engine {
    return this.options.engine
  }

  send(msg: ServerMessage): void {
    this.frames.send(msg)
  }

  private fail(code: string, msg: string, id?: string, q?: number): void {
    this.options.log.warn(`koa-reactor: ${code}${id ? ` (#${id}${q ? ` event ${q}` : ''})` : ''}: ${msg}`)
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
    if (msg.t === 'join') this.join(msg.p, msg.c, msg.r === 1)
    else if (msg.t === 'leave') this.forget(this.live.get(msg.id))
    else this.event(msg)
  }

  /** `again`: the page is joining after a reconnect (it may have missed broadcasts meanwhile). */
  private join(page: string, held: Held[], again: boolean): void {
    this.page = page
    for (const { id, tok, h } of held) {
      const live = this.adopt(id, tok)
      if (!live) continue
      live.clientHash = h
      const remaining = live.claims.exp - Math.floor(Date.now() / 1000)
      if (live.stale) this.enqueue(live, () => this.remount(live))
      else if (remaining < this.engine.ttl / 2) this.enqueue(live, () => this.refresh(live))
      // back after a reconnect: it may have missed broadcasts meanwhile
      else if ((again || h !== undefined) && live.claims.sub?.length) this.enqueue(live, () => this.renew(live))
    }
  }

  /** Verifies a token the browser sent and keeps it as this component's state; reports what is wrong. */
  private adopt(id: string, tok: string, q?: number): (Live & { stale: boolean }) | undefined {
    try {
      const { claims, stale } = this.engine.verify(tok, { session: this.scope.session, cid: id })
      const live = this.live.get(id) ?? { id, token: tok, claims, queue: Promise.resolve(), listening: new Map() }
      // another token than the one this socket knows: what the browser shows is not known any more
      if (live.token !== tok) Object.assign(live, { base: undefined, diffable: false })
      Object.assign(live, { token: tok, claims, payload: undefined })
      this.live.set(id, live)
      this.listen(live)
      return Object.assign(live, { stale })
    } catch (error) {
      if (error instanceof TokenError) this.fail(error.reason, error.message, id, q)
      else if (error instanceof ValidationError) this.fail('bad-state', error.message, id, q)
      else this.fail('join-failed', String(error), id, q)
      return undefined
    }
  }

  /** Stops following a component and the components nested in it. */
  private forget(live: Live | undefined): void {
    if (!live) return
    for (const stop of live.listening.values()) stop()
    live.listening.clear()
    this.live.delete(live.id)
    this.gone.add(live.id)
    for (const child of this.live.values()) if (child.claims.pid === live.id) this.forget(child)
  }

  /** Follows the subscriptions the component's token carries. */
  private listen(live: Live): void {
    const wanted = new Set(live.claims.sub ?? [])
    for (const [name, stop] of live.listening) if (!wanted.has(name)) (stop(), live.listening.delete(name))
    for (const name of wanted) {
      if (!live.listening.has(name)) live.listening.set(name, this.engine.bus.subscribe(name, () => this.broadcasted(live, name)))
    }
  }

  private broadcasted(live: Live, name: string): void {
    if (live.pending) return void live.pending.add(name)
    const names = (live.pending = new Set([name]))
    this.enqueue(live, () => {
      live.pending = undefined
      return this.renew(live, names)
    })
  }

  /** Renders a component again because its data may have changed: after broadcasts, or back after a reconnect. */
  private async renew(live: Live, names: Iterable<string> = []): Promise<void> {
    if (this.live.get(live.id) !== live) return
    if (live.base === undefined && live.clientHash !== undefined) await this.recoverBase(live)
    // the browser's HTML may predate the change: unless its hash matched, the render goes whole
    if (!live.diffable) live.base = undefined
    const { instance } = await this.engine.fromClaims(live.claims, this.scope)
    for (const name of names) await instance.notify(name)
    await this.settle(live, instance)
  }

  /** Queues `work` for the component; if it fails (a template that throws, a data layer that is down), the
   * component is answered with an error (for event `q`) and keeps the state it had. */
  private enqueue(live: Live, work: () => Promise<unknown>, q?: number): void {
    live.queue = live.queue.then(work).then(
      () => undefined,
      (error: Error) => {
        this.options.log.error(`koa-reactor: rendering #${live.id} failed`, error)
        this.send({ t: 'err', id: live.id, ...(q ? { q } : {}), code: 'server-error', msg: `rendering #${live.id} failed: ${error?.message}` })
      },
    )
  }

  private event(msg: Extract<ClientMessage, { t: 'ev' }>): void {
    const known = this.live.get(msg.id)
    const live = msg.tok !== undefined && msg.tok !== known?.token ? this.adopt(msg.id, msg.tok, msg.q) : known
    if (!live) {
      // an event the browser sent before the component left its page: answered with its removal again
      if (msg.tok === undefined && this.gone.has(msg.id)) return this.send({ t: 'rm', id: msg.id, ...(msg.q ? { q: msg.q } : {}) })
      if (msg.tok === undefined) this.fail('not-joined', `#${msg.id} has not joined this socket; send its token`, msg.id, msg.q)
      return
    }
    this.enqueue(live, () => this.handle(live, msg), msg.q)
  }

  /** Runs one event: the browser's (with a sequence number q) or another component's `send`. */
  private async handle(live: Live, { n, a = {}, q, r }: Event): Promise<void> {
    if (this.live.get(live.id) !== live) return // removed (destroyed or left) while this event waited
    const key = `${live.claims.sid}:${this.page}:${live.id}:${q}`
    if (q !== undefined && (live.claims.seq ?? 0) >= q) return this.send({ t: 'ack', id: live.id, q })
    const earlier = q === undefined ? undefined : this.options.applied.answer(key)
    if (earlier) return this.replay(live, earlier)
    const left = r && (await this.options.applied.elsewhere(key))
    if (left && (await this.catchUp(live, left, q!))) return
    const { instance, entry } = await this.engine.fromClaims(live.claims, this.scope)
    if (!(await instance.allowed())) return this.deny(live, instance, q)
    const declared = entry.handlers.get(n)
    if (!declared) return this.fail('not-a-handler', `${entry.name} has no handler "${n}"; declare it in static handlers`, live.id, q)
    let args: Record<string, unknown>
    try {
      args = await validate(declared, a, `${entry.name}.${n} arguments`)
    } catch (error) {
      return this.fail('bad-arguments', (error as Error).message, live.id, q)
    }
    if (live.base === undefined && live.clientHash) await this.recoverBase(live)
    try {
      await this.options.transaction(async () => (instance as unknown as Record<string, (a: unknown) => unknown>)[n](args))
    } catch (error) {
      this.options.log.error(`koa-reactor: ${entry.name}.${n} threw on #${live.id}`, error)
      return this.send({ t: 'err', id: live.id, ...(q ? { q } : {}), code: 'handler-failed', msg: `${entry.name}.${n} failed: ${(error as Error).message}` })
    }
    const reply = await this.settle(live, instance, q)
    const { token, claims, payload, base, diffable } = live
    if (reply && q !== undefined) this.options.applied.remember(key, { reply, after: { token, claims, payload, base, diffable } })
  }

  /** An event another node applied before its answer was lost: the browser gets the state it left, whole. */
  private async catchUp(live: Live, token: string, q: number): Promise<boolean> {
    try {
      const { claims } = this.engine.verify(token, { session: this.scope.session, cid: live.id })
      const { instance } = await this.engine.fromClaims(claims, this.scope)
      Object.assign(live, { base: undefined, diffable: false })
      await this.rerender(live, instance, q)
      return true
    } catch {
      return false // not a token for this browser any more: run the event
    }
  }

  /** An event re-sent after a reconnect whose answer was lost: the same answer, and the state it leaves. */
  private replay(live: Live, { reply, after }: Answer): void {
    if (reply.t === 'rm') this.forget(live)
    else {
      Object.assign(live, after)
      this.listen(live)
    }
    this.send(reply)
  }

  /** After a handler: commits, then the render (or removal), then navigation, messages and broadcasts. */
  private async settle(live: Live, instance: Component, q?: number): Promise<ServerMessage | undefined> {
    const effects = instance[runtime].effects.splice(0)
    await commit(effects)
    const destroyed = effects.some((e) => e.kind === 'destroy')
    const reply = destroyed ? this.remove(live, q) : await this.rerender(live, instance, q)
    for (const effect of effects) await this.carryOut(live, effect)
    return reply
  }

  /** A new child's mount effects, once it is shown: commits, then navigation, messages and broadcasts. */
  private async carryOutAll(live: Live, effects: Effect[]): Promise<void> {
    await commit(effects)
    for (const effect of effects) await this.carryOut(live, effect)
  }

  private async carryOut(live: Live, effect: Effect): Promise<void> {
    if (effect.kind === 'visit') this.send({ t: 'visit', url: effect.url, action: effect.action })
    else if (effect.kind === 'redirect') this.send({ t: 'visit', url: effect.url, action: 'redirect' })
    else if (effect.kind === 'focus') this.send({ t: 'focus', id: live.id, sel: effect.selector })
    else if (effect.kind === 'broadcast') for (const name of effect.names) await this.engine.bus.publish(name)
    else if (effect.kind === 'send' || effect.kind === 'send-parent') {
      const to = effect.kind === 'send' ? effect.to : live.claims.pid
      const target = to ? this.live.get(to) : undefined
      if (!target) return this.fail('no-such-component', `#${live.id} sent "${effect.name}" to #${to ?? '(no parent)'}, which is not on this page`, live.id)
      this.enqueue(target, () => this.handle(target, { n: effect.name, a: effect.args }))
    }
  }

  private remove(live: Live, q?: number): ServerMessage {
    this.forget(live)
    const reply: ServerMessage = { t: 'rm', id: live.id, ...(q ? { q } : {}) }
    this.send(reply)
    return reply
  }

  /** A user who may not use the component: it is removed, or the browser goes to the component's login URL. */
  private deny(live: Live, instance: Component, q?: number): void {
    const login = (instance.constructor as { loginUrl?: string }).loginUrl
    this.fail('forbidden', `${this.engine.entryOf(instance).name} is not available to this user`, live.id, q)
    if (login) this.send({ t: 'visit', url: login, action: 'redirect' })
    else this.remove(live)
  }

  /**
   * After a reconnect: renders the state the browser holds. When that matches the hash of the HTML text the
   * browser kept (sent on join), it is the base of the next diff; otherwise the next render goes whole.
   * (A render is not trusted to show what the browser shows unless the hash says so: data may have changed.)
   */
  private async recoverBase(live: Live): Promise<void> {
    const { instance } = await this.engine.fromClaims(live.claims, this.scope)
    const before = await this.engine.render(instance, this.scope, undefined, this.children())
    if (live.clientHash === hash(before.bare)) Object.assign(live, { base: before.bare, diffable: true })
    live.clientHash = undefined
  }

  /**
   * Children the browser shows keep their DOM and state: they go out as the parent's last render (`before`)
   * had them, so that its diff stays empty there (only their root, if it had none). New ones are mounted.
   * `shown` collects each child's HTML in this render.
   */
  private children(shown?: Map<string, string>, before?: Map<string, string>): ChildRenderer {
    return async (name, props, parent) => {
      const id = props.id as string
      const known = this.live.has(id) && (before?.get(id) ?? this.engine.bareRoot(name, id))
      if (known) return (shown?.set(id, known), known)
      const child = await this.engine.mount(name, props, this.scope, parent.id)
      if (!(await child.allowed())) return ''
      // what its mount asked for: a child that destroys itself renders as nothing, the rest follows its render
      const effects = child[runtime].effects.splice(0)
      if (effects.some((e) => e.kind === 'destroy')) return ''
      const rendered = await this.engine.render(child, this.scope, undefined, this.children())
      const live: Live = { id, token: rendered.token, claims: rendered.claims, payload: rendered.payload, base: rendered.bare, queue: Promise.resolve(), listening: new Map() }
      this.live.set(id, live)
      this.listen(live)
      this.enqueue(live, () => this.carryOutAll(live, effects))
      shown?.set(id, rendered.html)
      return rendered.html
    }
  }

  /** Sends what changed: a diff against the browser's HTML, whole HTML, only an acknowledgement, or nothing. */
  private async rerender(live: Live, instance: Component, q?: number): Promise<ServerMessage | undefined> {
    const shown = new Map<string, string>()
    const rendered = await this.engine.render(instance, this.scope, q ?? live.claims.seq, this.children(shown, live.children))
    live.children = shown
    // children this render left out are gone from the page: stop following them
    for (const child of this.live.values()) if (child.claims.pid === live.id && !shown.has(child.id)) this.forget(child)
    const reply = update(live, rendered, q)
    if (reply && ('tok' in reply || 's' in reply)) {
      Object.assign(live, { token: rendered.token, claims: rendered.claims, payload: rendered.payload })
      this.listen(live)
    }
    if (live.base !== rendered.bare) Object.assign(live, { base: rendered.bare, diffable: true })
    if (reply) this.send(reply)
    return reply
  }

  private async remount(live: Live): Promise<void> {
    Object.assign(live, { base: undefined, diffable: false })
    const { instance } = await this.engine.fromClaims(live.claims, this.scope)
    await this.rerender(live, instance)
  }

  private async refresh(live: Live): Promise<void> {
    const { instance } = await this.engine.fromClaims(live.claims, this.scope)
    const { token, claims, payload } = this.engine.seal(instance, this.scope.session, live.claims.seq)
    Object.assign(live, { token, claims, payload })
    this.send({ t: 'r', id: live.id, tok: token })
  }
}

async function commit(effects: Effect[]): Promise<void> {
  for (const effect of effects) if (effect.kind === 'commit') await effect.fn()
}
