// The Component base class: declared state, declared handlers, and the effects a handler may ask for.
import type { Context } from 'koa'
import type { Shape, StandardSchema } from './schema.js'
import type { Signed } from './token.js'
import type { RegisteredUser } from './typing.js'
import type { ModelHooks } from './plugin.js'
import type { Effect } from './effects.js'

export interface Runtime {
  /** the Koa context of the page request, or of the socket's upgrade request */
  ctx: Context
  /** the user the app's `user` option found for this request or socket */
  user: unknown
  /** the parent component's id, for nested components */
  parentId?: string
  effects: Effect[]
  /** broadcast names this component re-renders on; they travel in its token (made on first use) */
  subscriptions?: Set<string>
  /** aborted when the component leaves the page or its socket closes, while a handler runs */
  cancel?: AbortController
  /** the capabilities of the Reactor that built it, by name */
  plugins?: ReadonlyMap<string, ModelHooks>
  /** the expiry of the token it was rebuilt from: kept by the next token until a quarter of the lifetime has gone */
  expires?: number
  /** the token it was rebuilt from (with its payload's text, when known): a seal of the same text is that token */
  signed?: Signed
  /** where the component lives: its page request's, or its socket's */
  scope?: object
  /** the capabilities it took up at run time, each with its state (core/plugin.ts `slot`) */
  slots?: Record<string, unknown>
}

export const runtime = Symbol('koa-reactor runtime')

export type HandlerArgs = Shape | StandardSchema<Record<string, unknown>>

export interface ComponentClass<C extends Component = Component> {
  new (): C
  /** the registry name; default: the class name in kebab-case (XCounter -> x-counter) */
  tag?: string
  /** the Pug template, relative to the reactor's `views` folder */
  template: string
  /** the root element's tag */
  extends: string
  /** the state fields and their types; only these travel in the token */
  state: Shape
  /** the methods the browser may call, each with its arguments' types */
  handlers: Record<string, HandlerArgs>
  /** handlers only the server reaches (`send` and `sendParent` of the page's components): the browser gets not-a-handler */
  internal?: Record<string, HandlerArgs>
  /** state fields that travel encrypted: the page cannot read them */
  sealed?: readonly string[]
  /** refuse events sent from an older state than one already used (the back button, a copied page) */
  replay?: boolean
}

/** Marks Component classes across module instances (a test runner may load a module twice). */
export const COMPONENT = Symbol.for('koa-reactor.component')

export function isComponentClass(value: unknown): value is ComponentClass {
  return typeof value === 'function' && (value as unknown as Record<symbol, unknown>)[COMPONENT] === true && value !== Component
}

/** The base the library's Component (src/component.ts) extends: a component's life, with no capability. */
export class Component<User = RegisteredUser> {
  static readonly [COMPONENT] = true
  static tag?: string
  static template = ''
  static extends = 'div'
  static state: Shape = {}
  static handlers: Record<string, HandlerArgs> = {}
  static internal: Record<string, HandlerArgs> = {}

  /** the root element's id, stable for the life of the component */
  id = ''
  declare [runtime]: Runtime

  /** Called once, on the first render, with the props the page passed. Default: assign state fields. */
  mount(props: Record<string, unknown>): void | Promise<void> {
    Object.assign(this, props)
  }

  /** Extra attributes for the root element (for example `{ class: 'todoapp' }`). */
  rootAttributes(): Record<string, unknown> {
    return {}
  }

  /** The Koa context of the page request or of the socket (cookies, state, the user your middleware set). */
  get ctx(): Context {
    return this[runtime].ctx
  }

  /** The logged-in user, as the Reactor's `user` option finds it (default `ctx.state.user`). */
  get user(): User {
    return this[runtime].user as User
  }

  /** Aborts when the component leaves the page or its socket closes: pass it to work a handler waits on. */
  get signal(): AbortSignal {
    return (this[runtime].cancel ??= new AbortController()).signal
  }

  /** Called before every render (after mount or a handler): load what the template shows and no token keeps. */
  rendering(): void | Promise<void> {}

  /** Whether this user may see and use the component; checked at mount and before every event. */
  allowed(): boolean | Promise<boolean> {
    return true
  }

  /** Runs `fn` after the handler returned and its work is committed (after the app's transaction, if any). */
  onCommit(fn: () => unknown): void {
    this.effect({ kind: 'commit', fn })
  }

  /** Re-render this component whenever one of `names` is broadcast, on any node. */
  subscribe(...names: string[]): void {
    const rt = this[runtime]
    rt.subscriptions ??= new Set()
    for (const name of names) rt.subscriptions.add(name)
  }

  unsubscribe(...names: string[]): void {
    for (const name of names) this[runtime].subscriptions?.delete(name)
  }

  /** Called before a re-render caused by the broadcast of `name`. */
  notify(_name: string): void | Promise<void> {}

  /** Publishes `names` to every subscribed component, on every node, once the work is committed. */
  broadcast(...names: string[]): void {
    this.effect({ kind: 'broadcast', names })
  }

  /** Runs handler `name` with `args` on the component `to` of the same page (this one by default). */
  send(name: string, args: Record<string, unknown> = {}, to = this.id): void {
    this.effect({ kind: 'send', name, args, to })
  }

  /** Runs handler `name` with `args` on the component this one is nested in. */
  sendParent(name: string, args: Record<string, unknown> = {}): void {
    this.effect({ kind: 'send-parent', name, args })
  }

  /** Removes the component from the page. */
  destroy(): void {
    this.effect({ kind: 'destroy' })
  }

  private effect(effect: Effect): void {
    this[runtime].effects.push(effect)
  }
}

/** Marks a class the library defines for apps to extend: it is left out of a class's version, and its
 * members' names are reserved (no handler or state field may take one). */
export function libraryClass(cls: ComponentClass | typeof Component): void {
  Object.defineProperty(cls, LIBRARY, { value: true })
  for (const name of Object.getOwnPropertyNames(cls.prototype)) reserved.add(name)
}

const LIBRARY = Symbol.for('koa-reactor.library')
const reserved = new Set(Object.getOwnPropertyNames(Component.prototype).concat(['__proto__', 'prototype', 'id', 'effect']))

/** The class and its Component ancestors, the oldest first. */
export function lineage(cls: ComponentClass): ComponentClass[] {
  const chain: ComponentClass[] = []
  for (let c: unknown = cls; isComponentClass(c) && !Object.hasOwn(c, LIBRARY); c = Object.getPrototypeOf(c)) chain.unshift(c)
  return chain
}

/** The handlers of a class (`static handlers`, or the server-only `static internal`), its own declarations over its ancestors'. */
export function handlersOf(cls: ComponentClass, kind: 'handlers' | 'internal' = 'handlers'): Map<string, HandlerArgs> {
  const chain = lineage(cls)
  const out = new Map<string, HandlerArgs>()
  for (const c of chain) {
    if (!Object.hasOwn(c, kind)) continue
    for (const [name, args] of Object.entries(c[kind] ?? {})) {
      if (reserved.has(name)) throw new Error(`${cls.name}: "${name}" cannot be a handler (it is part of the Component API); rename the method`)
      if (typeof (cls.prototype as Record<string, unknown>)[name] !== 'function') {
        throw new Error(`${cls.name}.${kind} declares "${name}" but the class has no method ${name}(); add it or remove the declaration`)
      }
      out.set(name, args)
    }
  }
  return out
}

/** The state fields of a class, its own declarations over its ancestors'. */
export function stateOf(cls: ComponentClass): Shape {
  const chain = lineage(cls)
  const shape: Shape = {}
  for (const c of chain) if (Object.hasOwn(c, 'state')) Object.assign(shape, c.state)
  for (const name of Object.keys(shape)) {
    if (reserved.has(name)) throw new Error(`${cls.name}: "${name}" cannot be a state field (it is part of the Component API)`)
  }
  return shape
}
