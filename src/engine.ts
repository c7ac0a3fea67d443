// The stateless core: mount a component, rebuild it from a token, seal its state, render it.
import { randomBytes } from 'node:crypto'
import type { Context } from 'koa'
import { Component, runtime, type Runtime } from './component.js'
import { escapeHtml } from './helpers.js'
import type { KeyRing } from './keys.js'
import { versionOf, type Registered, type Registry } from './registry.js'
import type { Renderer } from './render.js'
import { parseShape, ValidationError, type Shape } from './schema.js'
import { open, sign, TokenError, type Claims, type Expected } from './token.js'

export interface Sealed {
  token: string
  claims: Claims
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

export const STATE_MARK = 'state=""'

export function newId(): string {
  return `rx-${randomBytes(6).toString('base64url')}`
}

export class Engine {
  constructor(
    readonly registry: Registry,
    readonly ring: KeyRing,
    readonly renderer: Renderer,
    /** seconds a token stays valid after its last render */
    readonly ttl: number,
  ) {}

  /** Computes each component's version from its class and template; call after registering. */
  prepare(): void {
    for (const entry of this.registry.all) entry.version = versionOf(entry.cls, this.renderer.load(entry.cls.template).source)
  }

  attach(instance: Component, ctx: Context, parentId?: string): Component {
    const rt: Runtime = { ctx, parentId, effects: [], subscriptions: new Set() }
    Object.defineProperty(instance, runtime, { value: rt, enumerable: false, writable: true })
    return instance
  }

  /** The first life of a component: props checked against its declared state, then `mount`. */
  async mount(name: string, props: Record<string, unknown>, ctx: Context, parentId?: string): Promise<Component> {
    const entry = this.registry.get(name)
    if (!entry) throw new Error(`koa-reactor: no component named "${name}"; register its class in the \`components\` option`)
    const instance = this.attach(new entry.cls(), ctx, parentId)
    const { id, ...rest } = props
    instance.id = typeof id === 'string' && id ? id : newId()
    const given: Shape = Object.fromEntries(Object.keys(rest).filter((k) => k in entry.state).map((k) => [k, entry.state[k]]))
    await instance.mount({ ...rest, ...parseShape(given, rest, `${name} props`) })
    this.stateOf(instance, entry)
    return instance
  }

  /** A component from its token: verified, bound, and its state checked against the class's declaration. */
  rebuild(token: unknown, expected: Expected, ctx: Context): Rebuilt {
    return this.fromClaims(open(this.ring, token, expected).claims, ctx)
  }

  /** A component from claims already verified. */
  fromClaims(claims: Claims, ctx: Context): Rebuilt {
    const entry = this.registry.get(claims.cmp)
    if (!entry) throw new TokenError('wrong-component', `no component named "${String(claims.cmp)}" is registered on this server`)
    const state = parseShape(entry.state, claims.st, `${entry.name} state`)
    const instance = this.attach(new entry.cls(), ctx)
    Object.assign(instance, state)
    instance.id = claims.cid
    return { instance, entry, claims, stale: claims.ver !== entry.version }
  }

  /** The declared fields of `instance`, validated: what the token carries. */
  stateOf(instance: Component, entry = this.entryOf(instance)): Record<string, unknown> {
    const fields = instance as unknown as Record<string, unknown>
    const values = Object.fromEntries(Object.keys(entry.state).map((k) => [k, fields[k]]))
    try {
      return JSON.parse(JSON.stringify(parseShape(entry.state, values, `${entry.name} state`)))
    } catch (error) {
      if (error instanceof ValidationError) throw new ValidationError(error.issues, `${entry.name} state after the handler`)
      throw error
    }
  }

  entryOf(instance: Component): Registered {
    return this.registry.of(instance.constructor as never)
  }

  seal(instance: Component, session: string, seq?: number, state = this.stateOf(instance)): Sealed {
    const entry = this.entryOf(instance)
    const key = this.ring.current
    const iat = Math.floor(Date.now() / 1000)
    const claims: Claims = {
      cmp: entry.name,
      cid: instance.id,
      sid: this.ring.bindSession(key, session),
      ver: entry.version,
      iat,
      exp: iat + this.ttl,
      ...(seq ? { seq } : {}),
      st: state,
    }
    return { token: sign(key, claims), claims }
  }

  async render(instance: Component, session: string, seq?: number): Promise<Rendered> {
    const entry = this.entryOf(instance)
    const rt = instance[runtime]
    let children = 0
    const inner = await this.renderer.render(entry.cls.template, instance, { ...instance }, async (name, props) => {
      const id = typeof props.id === 'string' ? props.id : `${instance.id}-${++children}`
      const child = await this.mount(name, { ...props, id }, rt.ctx, instance.id)
      return (await this.render(child, session)).html
    })
    const { token, claims } = this.seal(instance, session, seq)
    const tag = entry.cls.extends
    const attrs = Object.entries(instance.rootAttributes())
      .filter(([, v]) => v !== false && v != null)
      .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${escapeHtml(v)}"`))
      .join('')
    const open = `<${tag} id="${escapeHtml(instance.id)}" reactor-component="${entry.name}"`
    const close = `${attrs}>${inner}</${tag}>`
    return { token, claims, html: `${open} state="${token}"${close}`, bare: `${open} ${STATE_MARK}${close}` }
  }

  /** A page template with `reactorHeader()` and `component(name, props)` available. */
  async renderPage(file: string, ctx: Context, session: string, locals: Record<string, unknown>): Promise<string> {
    return this.renderer.render(file, ctx, locals, async (name, props) => {
      const instance = await this.mount(name, props, ctx)
      return (await this.render(instance, session)).html
    })
  }
}
