// The Component base class: declared state, declared handlers, and the effects a handler may ask for.
import type { Context } from 'koa'
import type { Shape, StandardSchema } from './schema.js'
import type { Signed } from './token.js'
import type { RegisteredUser } from './typing.js'
import { navigable } from '../features/navigation.js'
import type { QueryDeclaration } from '../features/query.js'
import { ClientCommands, type Command } from '../features/commands.js'
import { Streams, type Stream, type StreamOptions } from '../features/streams.js'
import { Topic, type Meta, type PresenceStore } from '../features/presence.js'
import type { Uploads, UploadedFile } from '../features/uploads/receiver.js'

/** What a handler may ask the page to do; carried out by the socket (or the page render) after it returns. */
export type Effect =
  | { kind: 'send'; name: string; args: Record<string, unknown>; to: string }
  | { kind: 'send-parent'; name: string; args: Record<string, unknown> }
  | { kind: 'destroy' }
  | { kind: 'visit'; url: string; action: 'advance' | 'replace' }
  | { kind: 'redirect'; url: string }
  | { kind: 'focus'; selector: string }
  | { kind: 'flash'; level: string; text: string }
  | { kind: 'js'; commands: Command[] }
  | { kind: 'async'; name: string; work: () => unknown }
  | { kind: 'broadcast'; names: string[] }
  | { kind: 'commit'; fn: () => unknown }

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
  /** the `async` work started and not finished, by name (made on first use: most events start none) */
  loading?: Set<string>
  /** the error message of `async` work that failed, by name (for the render that follows it) */
  failures?: Map<string, string>
  /** the streams opened by this handler (or mount) and rendered with it; never in the token */
  streams?: Streams
  /** aborted when the component leaves the page or its socket closes, while a handler runs */
  cancel?: AbortController
  /** the presence topics this component is on, with its meta; they travel in its token */
  tracks?: Record<string, Meta>
  presence?: PresenceStore
  uploads?: Uploads
  /** the mount's replay id (components with `static replay`) */
  replayId?: string
  /** the expiry of the token it was rebuilt from: kept by the next token until a quarter of the lifetime has gone */
  expires?: number
  /** the token it was rebuilt from (with its payload's text, when known): a seal of the same text is that token */
  signed?: Signed
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
  /** state fields kept in the page's query string: field -> parameter (see features/query.ts) */
  query?: QueryDeclaration
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

/** `User` is the type of `this.user` (default: your `Register`'s `user`, see core/typing.ts, else unknown). */
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

  /** What a lazy component shows until it is mounted (HTML; `component(name, props, { lazy: true })`). */
  placeholder(): string {
    return ''
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

  /**
   * The files of upload `name` (declared in `static uploads`) that this node received for this component and no
   * handler took yet. Move or copy them: they are removed a minute later, or when the socket closes.
   */
  uploaded(name: string): UploadedFile[] {
    return this[runtime].uploads?.take(this.id, name) ?? []
  }

  /** Who is on `topic`, on every node: `.track(meta)` puts this component there, `.list()` reads it. */
  presence(topic: string): Topic {
    return new Topic(topic, this[runtime])
  }

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

  /**
   * Takes the browser to `url` by live navigation (a new history entry, or `replace` the current one);
   * during the first render, an HTTP redirect. Only paths and http(s) URLs.
   */
  visit(url: string, { action = 'advance' }: { action?: 'advance' | 'replace' } = {}): void {
    this.effect({ kind: 'visit', url: navigable(url), action })
  }

  /** Loads `url` in the browser, a whole page load (an HTTP redirect during the first render). */
  redirect(url: string): void {
    this.effect({ kind: 'redirect', url: navigable(url) })
  }

  /**
   * A message for the user (`level`: info, success, error... a word, it becomes a class), shown by `flash()`
   * in the layout: at once, or on the next page when the handler also calls `visit` or `redirect`.
   */
  flash(level: string, text: string): void {
    this.effect({ kind: 'flash', level, text })
  }

  /**
   * Starts slow work: the component renders at once (`this.loading(name)` is true), and again when the work
   * ends, with its result in `this[name]` (or `this.failed(name)`, its error). The result stays in the token
   * only when `name` is a state field. During the first HTTP render the work is awaited (the page is complete).
   */
  async(name: string, work: () => unknown): void {
    const rt = this[runtime]
    rt.loading ??= new Set()
    rt.loading.add(name)
    this.effect({ kind: 'async', name, work })
  }

  /** Whether the `async` work `name` is still running. */
  loading(name: string): boolean {
    return this[runtime].loading?.has(name) ?? false
  }

  /** The error message of the `async` work `name`, when it failed. */
  failed(name: string): string | undefined {
    return this[runtime].failures?.get(name)
  }

  /** Client commands for the page, run after the next render: `this.js().show('#done').focus('#next')`. */
  js(): ClientCommands {
    const commands: Command[] = []
    this.effect({ kind: 'js', commands })
    return new ClientCommands(commands)
  }

  /** Moves the focus to the element `selector` inside this component after the next render. */
  focus(selector: string): void {
    this.effect({ kind: 'focus', selector })
  }

  /**
   * A collection the browser keeps and the token never holds: `this.stream('messages').insert(item, { at: -1 })`.
   * Only what this handler inserts is rendered and sent; the template writes the container as
   * `ul(:stream="messages")` and its items as `each m, id in streams.messages` with `li(id=id)`.
   */
  stream<T = object>(name: string, options?: StreamOptions<T>): Stream<T> {
    return (this[runtime].streams ??= new Streams()).open(name, options)
  }

  /** For templates: `streams.<name>` holds the items of that stream this render carries, by DOM id. */
  get streams(): Record<string, Record<string, unknown>> {
    return (this[runtime].streams ??= new Streams()).view
  }

  private effect(effect: Effect): void {
    this[runtime].effects.push(effect)
  }
}

const reserved = new Set(Object.getOwnPropertyNames(Component.prototype).concat(['__proto__', 'prototype', 'id', 'effect']))

/** The class and its Component ancestors, the oldest first. */
export function lineage(cls: ComponentClass): ComponentClass[] {
  const chain: ComponentClass[] = []
  for (let c: unknown = cls; isComponentClass(c); c = Object.getPrototypeOf(c)) chain.unshift(c)
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
