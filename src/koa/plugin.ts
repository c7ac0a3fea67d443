// What a capability may add to a Reactor: the model's and the socket's hooks, and what it adds to a page request
// (locals for templates, a component placed otherwise, effects carried out on the response, the finished HTML, a
// failed page), its own middleware, and what it closes. A `Feature` is set up once per Reactor with what the app
// shares: it reads `app.engine` and the rest when its hooks run, not while it is set up.
import type { Context, Middleware } from 'koa'
import type { Component } from '../core/component.js'
import type { Carriers, Effect } from '../core/effects.js'
import type { Engine, Scope } from '../core/engine.js'
import type { Placement } from '../core/render.js'
import type { Bus } from '../realtime/bus/bus.js'
import type { Transaction } from '../realtime/models.js'
import type { Logger } from '../wire/errors.js'
import type { Limits } from '../wire/limits.js'
import type { SocketHooks } from '../wire/plugin.js'
import type { Check, ReactorOptions } from './options.js'
import type { Origins } from './origin.js'

declare module '../core/plugin.js' {
  interface Moments {
    /** a page request renders `view` (`ctx.reactor.render`): its template, and each component's mount and first render */
    page: { ctx: Context; view: string }
  }
}

/** What a Feature may use of the Reactor it is set up for. */
export interface App {
  /** made after the features are set up: read it in hooks */
  readonly engine: Engine
  readonly bus: Bus
  readonly log: Logger
  /** errors show their details, and the silent traps are warned about */
  readonly development: boolean
  readonly options: ReactorOptions
  readonly limits: Limits
  readonly transaction: Transaction
  readonly origins: Origins
  /** the socket's URL path as the browser sees it */
  readonly socketUrl: string
  /** whether some server serves the component socket (app.listen, reactor.listen(server) or koa-websocket) */
  readonly socketServed: boolean
  /** whether `path` is the socket's path followed by `rest` */
  isOurs(path: string, rest: string): boolean
}

/** One page request: its context and scope, and what capabilities keep for it until the HTML is finished. */
export interface PageScope {
  readonly ctx: Context
  readonly scope: Scope
  readonly view: string
  /** what each capability keeps for this page, by its name */
  readonly slots: Record<string, unknown>
}

/** Where a component's effects go during its first render, over HTTP. */
export interface PageOut {
  readonly page: PageScope
  readonly instance: Component
}

export interface PageHooks {
  /** locals for the page's templates (flash: `flash()`) */
  locals?(page: PageScope): Record<string, unknown>
  /** a component placed otherwise than mounted and rendered (lazy: a placeholder); undefined: not its placement */
  place?(name: string, props: Record<string, unknown>, placement: Placement, page: PageScope): Promise<string> | undefined
  /** every effect of a component's first render, before each is carried out */
  batch?(effects: readonly Effect[], out: PageOut): void
  /** the effect kinds it carries out on the response */
  effects?: Carriers<PageOut>
  /** the finished HTML (flash: the carried messages in, the cookie out) */
  done?(page: PageScope, html: string): string
  /** the page's template threw: true when this capability answered (development: the error page) */
  failed?(page: PageScope, error: unknown): boolean
}

export interface Plugin<D = unknown> extends SocketHooks<D> {
  /** its own middleware, before the page's (uploads: a PUT of a file's part) */
  middleware?: Middleware
  page?: PageHooks
  /** the Reactor closes (presence: its connections) */
  close?(): Promise<void>
}

/** A capability: set up once per Reactor; `options`: the Reactor options it adds, each with its check. */
export type Feature = ((app: App) => Plugin) & { readonly options?: Record<string, Check> }
