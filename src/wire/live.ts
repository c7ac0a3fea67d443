// One component's life on a socket: its queue of work, an event's run, its renders and children, and the
// broadcasts it follows. All of it is a cache of what the browser holds; a join on any node rebuilds it.
import { childrenOn } from './children.js'
import { SETTLED } from './flow.js'
import { runtime, type Component, type Runtime } from '../core/component.js'
import { commit, type Effect } from '../core/effects.js'
import { carriesAny } from '../core/claims.js'
import { denied } from '../core/denied.js'
import { hash } from '../core/diff.js'
import type { Rebuilt, Rendered, Sealed } from '../core/engine.js'
import type { Claims } from '../core/token.js'
import { carryOut } from './effects.js'
import type { Event } from './event.js'
import { eventRun, keepLastAnswer } from './event-run.js'
import type { Answered } from './applied.js'
import type { Host } from './host.js'
import type { ServerMessage } from './protocol.js'
import { update, type BrowserCopy } from './update.js'
import type { SocketHooks } from './plugin.js'
import type { Registered } from '../core/registry.js'
import { at } from '../core/plugin.js'

const NONE: readonly never[] = []

type Refusal = { code: string; message: string }

export class LiveComponent implements BrowserCopy {
  payload?: string
  base?: string
  diffable?: boolean
  childHtml?: Map<string, string>
  /** the hash of the HTML text the browser said it holds, until `base` is known */
  clientHash?: string
  /** events of one component run one at a time, in order */
  private queue: Promise<void> = SETTLED
  /** broadcast names -> stop listening (made on first use: every idle socket pays for what it holds) */
  private listening?: Map<string, () => void>
  /** the names of the broadcasts a queued re-render answers: more broadcasts meanwhile coalesce into it */
  private pending?: Set<string>
  /** the handler running now: its signal aborts (and a streamed one stops at its next step) when the component leaves */
  running?: Runtime
  /** left the socket (removed, replaced or closed): work still running on it follows nothing again */
  private released?: true
  /** what capabilities keep for it while the socket follows it (made on first use) */
  slots?: Record<string, unknown>
  /** where this node keeps its last answer (applied.ts): found or made at its first event on this socket */ answered?: Answered

  constructor(
    readonly host: Host,
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
   * Takes a verified token the browser sent; another token than the held one leaves its HTML unknown. A
   * capability may check it first (replay: that it is the newest): its claims are followed once admitted.
   */
  hold(token: string, claims: Claims): void {
    if (token !== this.token) this.forgetBase()
    this.token = token
    this.claims = claims
    this.payload = undefined
    const checks = this.entry()?.hooks.admit
    if (checks) this.enqueue(() => this.listenIfAdmitted(claims, checks))
    else this.listen()
  }

  /** Checked in the component's queue: after the work queued before it (an event that moves a mark). */
  private async listenIfAdmitted(claims: Claims, checks: readonly { plugin: SocketHooks; use: unknown }[]): Promise<void> {
    let refusal: Refusal | undefined
    for (const { plugin, use } of checks) if ((refusal = await plugin.admit!(use, this, claims))) break
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
    this.host.options.log.debug?.(`koa-reactor: event ${this.claims.cmp}.${event.n} on #${this.id}`, { component: this.claims.cmp, handler: event.n, id: this.id })
    const run = eventRun(this, event)
    const around = this.host.engine.registry.around
    const ran = around ? around({ at: 'event', live: this, event }, () => this.enqueue(run, event.q)) : this.enqueue(run, event.q)
    const running = this.host.options.running
    if (!running) return
    running.begin() // a node that shuts down answers it before it closes the socket
    void ran.then(running.end)
  }

  /** Checks again that the socket's user may use the component (its session ended): if not, it leaves. */
  recheck(): Promise<void> {
    return this.enqueue(async () => {
      const { instance } = await this.rebuild()
      if (this.host.roster.follows(this) && !(await instance.allowed())) this.deny(instance)
    })
  }

  /**
   * Work a handler or mount started (async data): once it settles, the component is rebuilt, `then` gives it what
   * the work gave, and it renders. `work` does not reject: its caller turns an error into a value.
   */
  later<T>(work: Promise<T>, then: (instance: Component, outcome: T) => void): void {
    const settled = async (outcome: T) => {
      if (!this.host.roster.follows(this)) return
      const { instance } = await this.rebuild()
      then(instance, outcome)
      await this.settle(instance)
    }
    void work.then((outcome) => this.enqueue(() => settled(outcome)))
  }

  /** The component left the page (or its socket closed): no more broadcasts, and a running handler stops. */
  gone(): void {
    this.released = true
    keepLastAnswer(this)
    for (const stop of this.listening?.values() ?? []) stop()
    this.listening?.clear()
    if (this.running) (this.running.cancel ??= new AbortController()).abort()
    for (const { plugin, use } of this.entry()?.hooks.gone ?? NONE) plugin.gone!(use, this)
    if (this.slots) for (const { plugin } of this.host.options.plugins?.followers ?? NONE) if (plugin.name in this.slots) plugin.gone?.(undefined, this)
  }

  private entry(): Registered | undefined {
    return this.host.engine.registry.get(this.claims.cmp)
  }

  /** The capabilities this component's class declares or its token carries follow what the token says. */
  private follow(): void {
    const { claims } = this
    for (const { plugin, use } of this.entry()?.hooks.held ?? NONE) plugin.held!(use, this, claims)
    for (const { plugin, claims: names } of this.host.options.plugins?.followers ?? NONE) {
      if (this.slots?.[plugin.name] || carriesAny(claims, names)) plugin.held?.(undefined, this, claims)
    }
  }

  /** @internal Follows the subscriptions the component's token carries. */ listen(): void {
    if (this.released) return
    this.follow()
    const wanted = this.claims.sub ?? []
    if (!wanted.length && !this.listening?.size) return
    const listening = (this.listening ??= new Map())
    for (const [name, stop] of listening) if (!wanted.includes(name)) (stop(), listening.delete(name))
    for (const name of wanted) {
      if (!listening.has(name)) listening.set(name, this.host.engine.bus.subscribe(name, () => this.broadcasted(name)))
    }
  }

  /** A broadcast the component follows (or a capability's news for it, presence: its own join): it renders again. */
  broadcasted(name: string): void {
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

  /** @internal */ forgetBase(): void { this.shows(undefined) }

  /** @internal */ rebuild(claims = this.claims): Rebuilt | Promise<Rebuilt> {
    // the token the socket holds is the rebuilt one's: a render whose claims did not change signs nothing again
    return this.host.engine.fromClaims(claims, this.host.scope, claims === this.claims ? this : undefined)
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

  /** After a handler: commits, then the render (or removal), then navigation, messages and broadcasts. */
  /** @internal */ async settle(instance: Component, q?: number): Promise<ServerMessage | undefined> {
    const { effects: made } = instance[runtime]
    const effects: readonly Effect[] = made.length ? made.splice(0) : NONE
    const before = this.claims.st
    if (effects.length) await commit(effects)
    const destroyed = effects.length > 0 && effects.some((e) => e.kind === 'destroy')
    const reply = destroyed ? this.remove(q) : await this.rerender(instance, q)
    const entry = this.host.engine.entryOf(instance)
    if (!destroyed) for (const { plugin, use } of entry.hooks.settled ?? NONE) {
      const said: ServerMessage | undefined = plugin.settled!(use, this, before, this.claims.st)
      if (said) this.host.send(said)
    }
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
  /** @internal */ deny(instance: Component, q?: number): void {
    const { login } = denied(instance)
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
  /** @internal */ async recoverBase(): Promise<void> {
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
  /** @internal */ async rerender(instance: Component, q?: number): Promise<ServerMessage | undefined> {
    const shown = new Map<string, string>()
    const rendered = await this.host.engine.render(instance, this.host.scope, q ?? this.claims.seq, childrenOn(this.host, shown, this.childHtml))
    this.childHtml = shown
    // children this render left out are gone from the page: stop following them
    for (const child of this.host.roster.childrenOf(this.id)) if (!shown.has(child.id)) this.host.roster.forget(child)
    const around = this.host.engine.registry.around
    const reply = around ? at(around, { at: 'diff', live: this }, update, this, rendered, q, this.host.options.plugins?.shown) : update(this, rendered, q, this.host.options.plugins?.shown)
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

