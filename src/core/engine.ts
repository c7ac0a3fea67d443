// The stateless core: mount a component, rebuild it from a token, seal its state, render it.
import { randomBytes } from 'node:crypto'
import type { Context } from 'koa'
import { Component, runtime, type Runtime } from './component.js'
import { escapeHtml } from './helpers.js'
import { jsonCopy } from './json-copy.js'
import type { KeyRing } from './keys.js'
import { versionOf, type Registered, type Registry } from './registry.js'
import { carriesAny } from './claims.js'
import { inComponent, type Renderer } from './render.js'
import { loadModels, parseShape, ValidationError, type Shape } from './schema.js'
import { open, signAgain, TokenError, type Claims, type Expected, type Signed } from './token.js'
import type { Bus } from '../realtime/bus/bus.js'
import { didYouMean } from './near.js'
import { at, type ModelHooks } from './plugin.js'

export interface Sealed {
  token: string
  claims: Claims
  /** the JSON text of the token's payload */
  payload: string
}

export interface Rendered extends Sealed {
  /** the HTML with the token in its `state` attribute */
  html: string
  /** the same HTML with `state=""`: what diffs are computed against */
  bare: string
}

export interface Rebuilt {
  instance: Component
  entry: Registered
  claims: Claims
  /** the token came from another version of the component's code */
  stale: boolean
}

/** Where a request or socket stands: its Koa context, its browser session and its user. */
export interface Scope {
  ctx: Context
  session: string
  user: unknown
  /** what each capability keeps for this socket, by its name (made on first use: an idle socket holds none) */
  slots?: Record<string, unknown>
  /** the page's URL query, what `static query` fields read at mount: a page request's own (a socket's URL is not the page's) */
  query?: Record<string, unknown>
  /** the page's CSP nonce (`ctx.state.cspNonce`; a socket's page sends its own): templates' scripts carry it */
  nonce?: string
}

/**
 * Decides what a nested component renders as: on a page request it is mounted and rendered whole (koa/page.ts);
 * the socket answers with a bare root for children the browser already shows (they keep their DOM).
 */
export type ChildRenderer = (name: string, props: Record<string, unknown>, parent: Component) => Promise<string>

export const STATE_MARK = 'state=""'

const NONE: readonly never[] = []

export function newId(): string {
  return `rx-${randomBytes(6).toString('base64url')}`
}

export class Engine {
  /** What a page may show of exception `error` (failure `code` of component `component`), which it logs: the
   * Reactor sets it (the message in development, wire/errors.ts's generic one in production); until then, the
   * code alone (it tells nothing of the error). */
  report: (code: string, error: unknown, component: string) => string = (code) => code

  constructor(
    readonly registry: Registry,
    readonly ring: KeyRing,
    readonly renderer: Renderer,
    /** seconds a token stays valid after its last render */
    readonly ttl: number,
    readonly bus: Bus,
  ) {}

  /** The capability a runtime slot belongs to, when it runs without a declaration of the class. */
  private slotted(name: string): ModelHooks | undefined {
    const plugin = this.registry.named.get(name)
    return plugin?.declare ? undefined : plugin
  }

  /** Computes a registered component's version from its class and template (which must exist). */
  prepare(entry: Registered): void {
    entry.version = versionOf(entry.cls, this.renderer.load(entry.cls.template).source)
  }

  private attach(instance: Component, scope: Scope, parentId?: string, subscriptions?: string[]): Component {
    // (a Set only for a component that follows broadcasts: one less per event for the others)
    const followed = subscriptions?.length ? new Set(subscriptions) : undefined
    const rt: Runtime = { ctx: scope.ctx, user: scope.user, parentId, effects: [], subscriptions: followed, plugins: this.registry.named, scope }
    Object.defineProperty(instance, runtime, { value: rt, enumerable: false, writable: true })
    return instance
  }

  entry(name: string): Registered {
    const entry = this.registry.get(name)
    if (!entry) {
      const near = didYouMean(name, this.registry.all.map((e) => e.name), '"')
      throw new Error(`koa-reactor: no component named "${name}"${near}; register its class in the \`components\` option`)
    }
    return entry
  }

  /** The first life of a component: props checked against its declared state, then `mount`. */
  async mount(name: string, props: Record<string, unknown>, scope: Scope, parentId?: string): Promise<Component> {
    const entry = this.entry(name)
    const around = this.registry.around
    try {
      return await (around ? at(around, { at: 'mount', name }, this.mountEntry.bind(this), entry, props, scope, parentId) : this.mountEntry(entry, props, scope, parentId))
    } catch (error) {
      throw inComponent(error, name)
    }
  }

  private async mountEntry(entry: Registered, props: Record<string, unknown>, scope: Scope, parentId?: string): Promise<Component> {
    const { name } = entry
    const instance = this.attach(new entry.cls(), scope, parentId)
    const { id, ...rest } = props
    instance.id = typeof id === 'string' && id ? id : newId()
    const given: Shape = Object.fromEntries(Object.keys(rest).filter((k) => k in entry.state).map((k) => [k, entry.state[k]]))
    const checked = parseShape(given, rest, `${name} props`)
    for (const key of Object.keys(checked)) if (typeof rest[key] === 'object' && rest[key] !== null) checked[key] = rest[key]
    let mountProps: Record<string, unknown> = { ...rest, ...(await loadModels(given, checked)) }
    for (const { plugin, use } of entry.hooks.props ?? NONE) mountProps = plugin.props!(use, mountProps, scope)
    await instance.mount(mountProps)
    for (const { plugin, use } of entry.hooks.mounted ?? NONE) plugin.mounted!(use, instance)
    return instance
  }

  /**
   * Checks a token the browser sent: signature, expiry, binding, a registered component, and a state that
   * matches the declared types. Throws TokenError or ValidationError. `stale`: it is from other code.
   */
  verify(token: unknown, expected: Expected): { claims: Claims; stale: boolean } {
    const around = this.registry.around
    return around ? at(around, { at: 'verify' }, this.checked.bind(this), token, expected) : this.checked(token, expected)
  }

  private checked(token: unknown, expected: Expected): { claims: Claims; stale: boolean } {
    const opened = open(this.ring, token, expected)
    const entry = this.registry.get(opened.claims.cmp)
    if (!entry) throw new TokenError('wrong-component', `no component named "${String(opened.claims.cmp)}" is registered on this server`)
    let claims = opened.claims
    for (const { plugin, use } of entry.hooks.open ?? NONE) claims = plugin.open!(use, claims, opened.key)
    if (claims.ver !== entry.version) for (const { plugin, use } of entry.hooks.outdated ?? NONE) claims = plugin.outdated!(use, claims)
    parseShape(entry.state, claims.st, `${entry.name} state`)
    return { claims, stale: claims.ver !== entry.version }
  }

  /** A component from claims already verified; model references are loaded again (a promise only then). `signed`:
   * the token and payload of these claims, when known (a render whose claims did not change signs nothing again). */
  fromClaims(claims: Claims, scope: Scope, signed?: Signed): Rebuilt | Promise<Rebuilt> {
    const entry = this.entry(claims.cmp)
    const loaded = loadModels(entry.state, parseShape(entry.state, claims.st, `${entry.name} state`))
    return loaded instanceof Promise ? loaded.then((state) => this.rebuilt(entry, claims, state, scope, signed)) : this.rebuilt(entry, claims, loaded, scope, signed)
  }

  private rebuilt(entry: Registered, claims: Claims, state: Record<string, unknown>, scope: Scope, signed?: Signed): Rebuilt {
    const instance = this.attach(new entry.cls(), scope, claims.pid, claims.sub)
    Object.assign(instance, state)
    instance.id = claims.cid
    const rt = instance[runtime]
    rt.expires = claims.exp
    rt.signed = signed
    for (const { plugin, use } of entry.hooks.rebuilt ?? NONE) plugin.rebuilt!(use, instance, claims)
    // a capability the class does not declare, whose claims the token carries (presence: its topics)
    for (const { plugin, claims: names } of this.registry.claimFollowers) if (carriesAny(claims, names)) plugin.rebuilt!(undefined, instance, claims)
    return { instance, entry, claims, stale: claims.ver !== entry.version }
  }

  /** The declared fields of `instance`, validated: what the token carries. */
  stateOf(instance: Component, entry = this.entryOf(instance)): Record<string, unknown> {
    const fields = instance as unknown as Record<string, unknown>
    const values: Record<string, unknown> = {}
    for (const key of entry.fields) values[key] = fields[key]
    try {
      return jsonCopy(parseShape(entry.state, values, `${entry.name} state`))
    } catch (error) {
      if (error instanceof ValidationError) throw new ValidationError(error.issues, `${entry.name} state (its declared fields, as mount or a handler left them)`)
      throw error
    }
  }

  entryOf(instance: Component): Registered {
    return this.registry.of(instance.constructor as never)
  }

  seal(instance: Component, session: string, seq?: number): Sealed {
    const entry = this.entryOf(instance)
    const rt = instance[runtime]
    const key = this.ring.current
    // what changes from one event to the next comes first: the payload's diff then copies fewer characters
    // (an undefined `seq` is left out of the JSON; the optional claims are added in their order, not spread:
    // a literal with spreads is built on a slower path)
    const claims: Claims = {
      seq: seq || undefined,
      st: this.stateOf(instance, entry),
      cmp: entry.name,
      cid: instance.id,
      sid: this.ring.bindSession(key, session),
      ver: entry.version,
      exp: this.expiry(rt.expires),
    }
    if (rt.parentId) claims.pid = rt.parentId
    if (rt.subscriptions?.size) claims.sub = [...rt.subscriptions]
    let written = claims
    if (rt.slots) for (const name in rt.slots) written = this.slotted(name)?.seal?.(undefined, instance, written, key) ?? written
    for (const { plugin, use } of entry.hooks.seal ?? NONE) written = plugin.seal!(use, instance, written, key) ?? written
    const payload = JSON.stringify(written)
    return { token: signAgain(key, payload, rt.signed), claims, payload }
  }

  /**
   * The expiry of a new token: the held token's until a quarter of its lifetime has gone, then `ttl` from now.
   * Most renders sign the same `exp`, so it is not in their payload's diff; a token still expires at most
   * `ttl` after it was signed, and at least three quarters of `ttl` after the last render (SECURITY.md).
   */
  private expiry(held?: number): number {
    const now = Math.floor(Date.now() / 1000)
    return held !== undefined && held <= now + this.ttl && held - now > (this.ttl * 3) / 4 ? held : now + this.ttl
  }

  render(instance: Component, scope: Scope, seq?: number, child: ChildRenderer = noChild): Promise<Rendered> {
    const around = this.registry.around
    return around ? at(around, { at: 'render', instance }, this.draw.bind(this), instance, scope, seq, child) : this.draw(instance, scope, seq, child)
  }

  private async draw(instance: Component, scope: Scope, seq: number | undefined, child: ChildRenderer): Promise<Rendered> {
    const entry = this.entryOf(instance)
    let children = 0
    // (what is not a promise is not awaited: most renders load nothing and place no child)
    const loading = instance.rendering()
    if (loading) await loading
    let drawn: string
    try {
      const out = this.renderer.render(entry.cls.template, instance, instance, (name, props) => {
        children++
        return child(name, { ...props, id: typeof props.id === 'string' ? props.id : `${instance.id}-${children}` }, instance)
      }, entry.cls.name, scope.nonce)
      drawn = typeof out === 'string' ? out : await out
    } catch (error) {
      throw inComponent(error, entry.name)
    }
    let inner = drawn
    const { slots } = instance[runtime]
    if (slots) for (const name in slots) inner = this.slotted(name)?.html?.(undefined, instance, inner) ?? inner
    for (const { plugin, use } of entry.hooks.html ?? NONE) inner = plugin.html!(use, instance, inner)
    const sealed = this.seal(instance, scope.session, seq)
    const open = this.openTag(instance, entry)
    const close = `${rootAttributes(instance)}>${inner}</${entry.cls.extends}>`
    const { token, claims, payload } = sealed
    return { token, claims, payload, html: `${open} state="${token}"${close}`, bare: `${open} ${STATE_MARK}${close}` }
  }

  /** A child the browser already shows: its root element only (the client leaves its content alone). */
  bareRoot(name: string, id: string): string {
    const entry = this.entry(name)
    return `<${entry.cls.extends} id="${escapeHtml(id)}" reactor-component="${entry.name}"></${entry.cls.extends}>`
  }

  private openTag(instance: Component, entry: Registered): string {
    return `<${entry.cls.extends} id="${escapeHtml(instance.id)}" reactor-component="${entry.name}"`
  }
}

/** Where no page request or socket places children (a bench renders a component alone). */
const noChild: ChildRenderer = async (name, _props, parent) => {
  throw new Error(`koa-reactor: ${parent.constructor.name} placed the child ${name} outside a page request or a socket`)
}

function rootAttributes(instance: Component): string {
  const attributes = instance.rootAttributes()
  let text = ''
  for (const name in attributes) {
    const value = attributes[name]
    if (!Object.hasOwn(attributes, name) || value === false || value == null) continue
    text += value === true ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`
  }
  return text
}
