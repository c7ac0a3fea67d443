// A page request: the Pug template with `reactorHeader()` and `component(name, props)`, each component's first
// render over HTTP, and the effects it asked for carried out on the response (the core's kinds here; a
// capability's by its page hooks). Capabilities add locals, place components otherwise (lazy), finish the HTML.
import type { Context } from 'koa'
import { runtime, type Component } from '../core/component.js'
import { denied } from '../core/denied.js'
import { commit, type Effect } from '../core/effects.js'
import type { ChildRenderer, Engine, Rendered, Scope } from '../core/engine.js'
import { escapeHtml } from '../core/helpers.js'
import type { Placement } from '../core/render.js'
import { at } from '../core/plugin.js'
import { once } from '../wire/plugin.js'
import type { PageHooks, PageOut, PageScope, Plugin } from './plugin.js'
import { ensureSession, scriptNonce } from './session.js'

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

/** What a page request needs of its Reactor. */
export interface PageSide {
  readonly engine: Engine
  readonly plugins: readonly Plugin[]
  /** the script tag for the page's <head> */
  header(ctx: Context): string
  user(ctx: Context): unknown
}

type Carry = (effect: any, out: PageOut) => void | Promise<void>

/** The script tag for the page's <head> (the seed's `reactor_header`). */
export function headerTag(ctx: Context, socketUrl: string, file: string, development: boolean, reconnectWindowMs?: number, fallback = ''): string {
  const nonce = ctx.state.cspNonce ? ` nonce="${escapeHtml(ctx.state.cspNonce)}"` : ''
  const dev = development ? ' data-dev' : ''
  const reconnect = reconnectWindowMs === undefined ? '' : ` data-reconnect="${reconnectWindowMs}"`
  return `<script defer src="${socketUrl}/${file}" data-url="${socketUrl}"${reconnect}${fallback}${nonce}${dev}></script>`
}

/** The page requests of one Reactor: its plugins' page hooks, read once. */
export class Pages {
  private readonly hooks: readonly PageHooks[]
  private readonly placing: readonly PageHooks[]
  private readonly batching: readonly PageHooks[]
  private readonly carriers = new Map<string, Carry>()

  constructor(private readonly side: PageSide) {
    this.hooks = side.plugins.flatMap((plugin) => (plugin.page ? [plugin.page] : []))
    this.placing = this.hooks.filter((hooks) => hooks.place)
    this.batching = this.hooks.filter((hooks) => hooks.batch)
    for (const plugin of side.plugins) {
      for (const [kind, carry] of Object.entries(plugin.page?.effects ?? {})) once(this.carriers, kind, carry, plugin.name, 'page effect')
    }
  }

  /**
   * Renders the Pug page `view` as the response, with `ctx.state` and `locals` in scope, and `reactorHeader()` and
   * `component(name, props)`. The browser's session cookie is set when a component renders.
   */
  render(ctx: Context, view: string, locals: Record<string, unknown>): Promise<void> {
    const around = this.side.engine.registry.around
    return around ? at(around, { at: 'page', ctx, view }, this.draw.bind(this), ctx, view, locals) : this.draw(ctx, view, locals)
  }

  private async draw(ctx: Context, view: string, locals: Record<string, unknown>): Promise<void> {
    const page: PageScope = { ctx, scope: await this.scopeOf(ctx), view, slots: {} }
    const reactorHeader = () => this.side.header(ctx)
    let html: string
    try {
      const all = { ...ctx.state, ...locals, reactorHeader, ...this.locals(page) }
      const rendered = this.side.engine.renderer.render(view, ctx, all, (name, props, placement) => this.place(name, props, placement, page), undefined, page.scope.nonce)
      html = typeof rendered === 'string' ? rendered : await rendered
    } catch (error) {
      if (this.hooks.some((hooks) => hooks.failed?.(page, error))) return
      throw error
    }
    for (const hooks of this.hooks) if (hooks.done) html = hooks.done(page, html)
    // a component may have redirected during its first render
    if (ctx.status < 300 || ctx.status >= 400) {
      ctx.type = 'html'
      ctx.body = html
    }
  }

  private async scopeOf(ctx: Context): Promise<Scope> {
    return {
      ctx,
      // read when a component's token is signed: pages without components set no cookie
      get session() {
        return ensureSession(ctx)
      },
      user: await this.side.user(ctx),
      query: ctx.query,
      nonce: scriptNonce(ctx.state.cspNonce),
    }
  }

  /** The locals capabilities add to the page's templates. */
  private locals(page: PageScope): Record<string, unknown> {
    let locals: Record<string, unknown> | undefined
    for (const hooks of this.hooks) if (hooks.locals) Object.assign((locals ??= {}), hooks.locals(page))
    return locals ?? {}
  }

  /** A `component(name, props, placement)` of the page: placed by a capability, or mounted and rendered whole. */
  private async place(name: string, props: Record<string, unknown>, placement: Placement | undefined, page: PageScope): Promise<string> {
    if (placement) for (const hooks of this.placing) {
      const placed = hooks.place!(name, props, placement, page)
      if (placed) return placed
    }
    const instance = await this.side.engine.mount(name, props, page.scope)
    return (await this.firstRender(instance, page))?.html ?? ''
  }

  /** Mounts and renders a child whole; a child that is not allowed or destroys itself renders as nothing. */
  private wholeChild(page: PageScope): ChildRenderer {
    return async (name, props, parent) => {
      const child = await this.side.engine.mount(name, props, page.scope, parent.id)
      return (await this.firstRender(child, page))?.html ?? ''
    }
  }

  /**
   * The first render of a mounted component: undefined when it is not allowed or destroyed itself. Its effects
   * (a redirect, a commit, a flash...) are carried out on the response first.
   */
  private async firstRender(instance: Component, page: PageScope): Promise<Rendered | undefined> {
    if (!(await instance.allowed())) {
      const { login } = denied(instance)
      if (login) page.ctx.redirect(login)
      return undefined
    }
    const effects = instance[runtime].effects.splice(0)
    if (effects.length && !(await this.carryOut(effects, { page, instance }))) return undefined
    return this.side.engine.render(instance, page.scope, undefined, this.wholeChild(page))
  }

  /** Carries out a first render's effects: commits first, then each in order. False: the component destroyed itself. */
  private async carryOut(effects: Effect[], out: PageOut): Promise<boolean> {
    for (const hooks of this.batching) hooks.batch!(effects, out)
    await commit(effects)
    let destroyed = false
    for (const effect of effects) {
      const carry = this.carriers.get(effect.kind)
      if (carry) await carry(effect, out)
      else if (effect.kind === 'broadcast') for (const name of effect.names) await this.side.engine.bus.publish(name)
      else if (effect.kind === 'destroy') destroyed = true
    }
    return !destroyed
  }
}
