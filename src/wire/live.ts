// One component's life on a socket: its queue of work, an event's run, its renders and children, and the
// broadcasts it follows. All of it is a cache of what the browser holds; a join on any node rebuilds it.
import { childrenOn } from './children.js'
import { SETTLED } from './flow.js'
import { runtime, type Component, type Effect, type Runtime } from '../core/component.js'
import { hash } from '../core/diff.js'
import type { Rendered, Sealed } from '../core/engine.js'
import type { Claims } from '../core/token.js'
import type { Answer } from './applied.js'
import { presenceChannel, Tracked } from '../features/presence.js'
import { isSteps, runSteps } from '../features/steps.js'
import { carryOut, commit } from './effects.js'
import { checkedCall, type Event } from './event.js'
import type { Host } from './host.js'
import type { ServerMessage } from './protocol.js'
import { update, type BrowserCopy } from './update.js'
import { queryMove } from '../features/query.js'
import { outcomeOf, settleAsync, type Outcome } from '../features/async.js'

export class LiveComponent implements BrowserCopy {
  payload?: string
  base?: string
  diffable?: boolean
  childHtml?: Map<string, string>
  /** the hash of the HTML text the browser said it holds, until `base` is known */
  clientHash?: string
  /** events of one component run one at a time, in order */
  private queue: Promise<void> = SETTLED
  /** broadcast names -> stop listening (made on first use, as `tracked`: every idle socket pays for what it holds) */
  private listening?: Map<string, () => void>
  /** the names of the broadcasts a queued re-render answers: more broadcasts meanwhile coalesce into it */
  private pending?: Set<string>
  /** the handler running now: its signal aborts (and a streamed one stops at its next step) when the component leaves */
  private running?: Runtime
  /** the presence topics its token puts it on, kept while this socket follows it */
  private tracked?: Tracked
  /** left the socket (removed, replaced or closed): work still running on it follows nothing again */
  private released?: true

  constructor(
    private readonly host: Host,
    readonly id: string,
    public token: string,
    public claims: Claims,
  ) {}

  /** A child a parent's render mounted: the browser gets its whole HTML inside the parent's. */
  static mounted(host: Host, rendered: Rendered): LiveComponent {
    const live = new LiveComponent(host, rendered.claims.cid, rendered.token, rendered.claims)
    live.payload = rendered.payload
    live.base = rendered.bare
    live.listen()
    return live
  }

  /**
   * Takes a verified token the browser sent; another token than the held one leaves its HTML unknown. With
   * replay protection, its subscriptions and presence are restored only once the token is known to be the newest.
   */
  hold(token: string, claims: Claims): void {
    if (token !== this.token) this.forgetBase()
    this.token = token
    this.claims = claims
    this.payload = undefined
    if (claims.rpl === undefined) this.listen()
    else this.enqueue(() => this.listenUnlessReplayed(claims))
  }

  private async listenUnlessReplayed(claims: Claims): Promise<void> {
    const refusal = await this.host.options.replay.current(claims)
    if (this.claims !== claims || !this.host.roster.follows(this)) return // a newer token or its leaving came meanwhile
    if (!refusal) return this.listen()
    // it stays, unheard: its events are refused by the same check, and the browser reloads the page
    this.host.fail(refusal.code, refusal.message, this.id)
  }

  /** After a join: brings the component up to date if its code changed, its token is old, or it missed broadcasts. */
  joined({ stale, again }: { stale: boolean; again: boolean }): void {
    const remaining = this.claims.exp - Math.floor(Date.now() / 1000)
    if (stale) this.enqueue(() => this.remount())
    else if (remaining < this.host.engine.ttl / 2) this.enqueue(() => this.refresh())
    else if ((again || this.clientHash !== undefined) && this.claims.sub?.length) this.enqueue(() => this.renew())
  }

  /** An event from the browser, or a message from another component of the page. */
  receive(event: Event): void {
    const running = this.host.options.running
    if (!running) return void this.enqueue(() => this.handle(event), event.q)
    running.begin() // a node that shuts down answers it before it closes the socket
    void this.enqueue(() => this.handle(event), event.q).then(running.end)
  }

  /** Checks again that the socket's user may use the component (its session ended): if not, it leaves. */
  recheck(): Promise<void> {
    return this.enqueue(async () => {
      const { instance } = await this.rebuild()
      if (this.host.roster.follows(this) && !(await instance.allowed())) this.deny(instance)
    })
  }

  /** `async` work a handler or mount started: when it ends, the component is rebuilt, given the outcome, and rendered. */
  later(name: string, work: () => unknown): void {
    const settled = async (outcome: Outcome) => {
      if (!this.host.roster.follows(this)) return
      const { instance } = await this.rebuild()
      settleAsync(instance, name, outcome)
      await this.settle(instance)
    }
    const shown = (error: unknown) => this.host.engine.report('async-failed', error, this.claims.cmp)
    void outcomeOf(work, shown).then((outcome) => this.enqueue(() => settled(outcome)))
  }

  /** The component left the page (or its socket closed): no more broadcasts, and a running handler stops. */
  gone(): void {
    this.released = true
    for (const stop of this.listening?.values() ?? []) stop()
    this.listening?.clear()
    if (this.running) (this.running.cancel ??= new AbortController()).abort()
    this.tracked?.clear()
  }

  /** Follows the subscriptions the component's token carries. */
  private listen(): void {
    if (this.released) return
    if (this.claims.pre || this.tracked) (this.tracked ??= this.tracking()).sync(this.claims.pre)
    const wanted = this.claims.sub ?? []
    if (!wanted.length && !this.listening?.size) return
    const listening = (this.listening ??= new Map())
    for (const [name, stop] of listening) if (!wanted.includes(name)) (stop(), listening.delete(name))
    for (const name of wanted) {
      if (!listening.has(name)) listening.set(name, this.host.engine.bus.subscribe(name, () => this.broadcasted(name)))
    }
  }

  private tracking(): Tracked {
    const failed = (error: unknown) => this.host.options.log.error(`koa-reactor: presence of #${this.id} failed`, error)
    return new Tracked(this.host.engine.presence, (topic) => this.broadcasted(presenceChannel(topic)), failed)
  }

  private broadcasted(name: string): void {
    if (this.pending) return void this.pending.add(name)
    const names = (this.pending = new Set([name]))
    this.enqueue(async () => {
      // while the browser does not read, more broadcasts join this render
      const drained = this.host.drained()
      if (drained !== SETTLED) await drained
      this.pending = undefined
      return this.renew(names)
    })
  }

  /** Queues `work`; if it fails (a template that throws, a data layer that is down), the component is
   * answered with an error (for event `q`) and keeps the state it had. */
  private enqueue(work: () => Promise<unknown>, q?: number): Promise<void> {
    return (this.queue = this.queue.then(work).then(
      () => undefined,
      (error: Error) => this.host.fail('server-error', `rendering #${this.id} failed: ${error?.message}`, this.id, q, { component: this.claims.cmp, error }),
    ))
  }

  private took({ token, claims, payload }: Sealed): void {
    this.token = token
    this.claims = claims
    this.payload = payload
    this.listen()
  }

  private shows(bare: string | undefined): void {
    this.base = bare
    this.diffable = bare !== undefined
  }

  private forgetBase(): void {
    this.shows(undefined)
  }

  private async rebuild(claims = this.claims) {
    const rebuilt = await this.host.engine.fromClaims(claims, this.host.scope)
    if (claims === this.claims) rebuilt.instance[runtime].signed = this
    return rebuilt
  }

  /** Renders the component again because its data may have changed: after broadcasts, or back after a reconnect. */
  private async renew(names: Iterable<string> = []): Promise<void> {
    if (!this.host.roster.follows(this)) return
    if (this.base === undefined && this.clientHash !== undefined) await this.recoverBase()
    // the browser's HTML may predate the change: unless its hash matched, the render goes whole
    if (!this.diffable) this.base = undefined
    const { instance } = await this.rebuild()
    for (const name of names) await instance.notify(name)
    await this.settle(instance)
  }

  private async handle(event: Event): Promise<void> {
    const { host } = this
    const { n, q, r } = event
    if (!host.roster.follows(this)) return // removed (destroyed or left) while this event waited
    const key = `${this.claims.sid}:${host.page}:${this.id}:${q}`
    if (q !== undefined && (this.claims.seq ?? 0) >= q) return host.send({ t: 'ack', id: this.id, q })
    const earlier = q === undefined ? undefined : host.options.applied.answer(key)
    if (earlier) return this.replay(earlier)
    const left = r && (await host.options.applied.elsewhere(key))
    if (left && (await this.catchUp(left, q!))) return
    const { instance, entry } = await this.rebuild()
    // (what is not a promise is not awaited: each await costs every event a turn of the microtask queue)
    const allowed = instance.allowed()
    if (!(typeof allowed === 'boolean' ? allowed : await allowed)) return this.deny(instance, q)
    const about = { component: entry.name, handler: n }
    const checked = checkedCall(entry, event)
    const call = checked instanceof Promise ? await checked : checked
    if ('code' in call) return host.fail(call.code, call.msg, this.id, q, about)
    const { args } = call
    const verdict = q === undefined || this.claims.rpl === undefined ? undefined : await host.options.replay.begin(this.claims, q, host.page)
    if (verdict && 'code' in verdict) return host.fail(verdict.code, verdict.message, this.id, q)
    const undo = verdict?.undo
    if (this.base === undefined && this.clientHash) await this.recoverBase()
    this.running = instance[runtime]
    const develop = host.engine.develop
    const before = develop?.beforeHandler(entry, instance)
    try {
      const result = await host.options.transaction(async () => (instance as unknown as Record<string, (a: unknown) => unknown>)[n](args))
      // a streamed handler: each step is rendered and sent; one cancelled sends nothing more
      if (isSteps(result) && !(await runSteps(result, { transaction: host.options.transaction, shown: () => this.settle(instance), signal: instance.signal, drained: () => host.drained() }))) return
    } catch (error) {
      await undo?.()
      return host.fail('handler-failed', `${entry.name}.${n} failed: ${(error as Error)?.message}`, this.id, q, { ...about, error })
    }
    if (before) for (const msg of develop!.handled(entry, instance, n, before)) host.send({ t: 'warn', id: this.id, code: 'undeclared-state', msg, dev: about })
    let reply: ServerMessage | undefined
    try {
      reply = await this.settle(instance, q)
    } catch (error) {
      await undo?.() // the browser keeps the state it had, and so does the mark
      throw error
    }
    if (reply && q !== undefined) host.options.applied.remember(key, { reply, after: this.copy() })
  }

  private copy(): BrowserCopy {
    const { token, claims, payload, base, diffable, childHtml } = this
    return { token, claims, payload, base, diffable, childHtml }
  }

  /** An event another node applied before its answer was lost: the browser gets the state it left, whole. */
  private async catchUp(token: string, q: number): Promise<boolean> {
    try {
      const { claims } = this.host.engine.verify(token, { session: this.host.scope.session, cid: this.id })
      const { instance } = await this.rebuild(claims)
      this.forgetBase()
      await this.rerender(instance, q)
      return true
    } catch {
      return false // not a token for this browser any more: run the event
    }
  }

  /** An event re-sent after a reconnect whose answer was lost: the same answer, and the state it leaves. */
  private replay({ reply, after }: Answer): void {
    if (reply.t === 'rm') this.host.roster.forget(this)
    else (Object.assign(this, after), this.listen())
    this.host.send(reply)
  }

  /** After a handler: commits, then the render (or removal), then navigation, messages and broadcasts. */
  private async settle(instance: Component, q?: number): Promise<ServerMessage | undefined> {
    const effects = instance[runtime].effects.splice(0)
    const before = this.claims.st
    if (effects.length) await commit(effects)
    const destroyed = effects.length > 0 && effects.some((e) => e.kind === 'destroy')
    const reply = destroyed ? this.remove(q) : await this.rerender(instance, q)
    const moved = !destroyed && queryMove(this.host.engine.entryOf(instance), before, this.claims.st)
    if (moved) this.host.send(moved)
    if (effects.length) await carryOut(this.host, this, effects)
    return reply
  }

  private remove(q?: number): ServerMessage {
    this.host.roster.forget(this)
    const reply: ServerMessage = { t: 'rm', id: this.id, ...(q ? { q } : {}) }
    this.host.send(reply)
    return reply
  }

  /** A user who may not use the component: it is removed, or the browser goes to the component's login URL. */
  private deny(instance: Component, q?: number): void {
    const login = (instance.constructor as { loginUrl?: string }).loginUrl
    const component = this.host.engine.entryOf(instance).name
    this.host.fail('forbidden', `${component} is not available to this user`, this.id, q, { component })
    if (login) this.host.send({ t: 'visit', url: login, action: 'redirect' })
    else this.remove()
  }

  /**
   * After a reconnect: renders the state the browser holds. When that matches the hash of the HTML text the
   * browser kept (sent on join), it is the base of the next diff; otherwise the next render goes whole.
   * (A render is not trusted to show what the browser shows unless the hash says so: data may have changed.)
   */
  private async recoverBase(): Promise<void> {
    const { instance } = await this.rebuild()
    const before = await this.host.engine.render(instance, this.host.scope, undefined, childrenOn(this.host))
    if (this.clientHash === hash(before.bare)) this.shows(before.bare)
    this.clientHash = undefined
  }

  /** A new component's mount effects, once it is shown: commits, then navigation, messages and broadcasts. */
  afterMount(effects: Effect[]): void {
    this.enqueue(async () => {
      await commit(effects)
      await carryOut(this.host, this, effects)
    })
  }

  /** Sends what changed: a diff against the browser's HTML, whole HTML, only an acknowledgement, or nothing. */
  private async rerender(instance: Component, q?: number): Promise<ServerMessage | undefined> {
    const shown = new Map<string, string>()
    const rendered = await this.host.engine.render(instance, this.host.scope, q ?? this.claims.seq, childrenOn(this.host, shown, this.childHtml))
    this.childHtml = shown
    // children this render left out are gone from the page: stop following them
    for (const child of this.host.roster.childrenOf(this.id)) if (!shown.has(child.id)) this.host.roster.forget(child)
    const reply = update(this, rendered, q)
    if (reply && ('tok' in reply || 's' in reply)) this.took(rendered)
    if (this.base !== rendered.bare) this.shows(rendered.bare)
    if (reply) this.host.send(reply)
    return reply
  }

  private async remount(): Promise<void> {
    this.forgetBase()
    const { instance } = await this.rebuild()
    await this.rerender(instance)
  }

  private async refresh(): Promise<void> {
    const { instance } = await this.rebuild()
    this.took(this.host.engine.seal(instance, this.host.scope.session, this.claims.seq))
    this.host.send({ id: this.id, tok: this.token })
  }
}

