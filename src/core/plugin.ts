// What a capability may add to a component's life in the model (no socket, no Koa): hooks the engine calls at
// fixed points. The registry computes each class's list of plugins once, at registration (`declare`), so a
// class that uses no capability runs no capability code; a capability a component takes up at run time (a
// stream, a presence topic, async work) keeps its state in a slot of the component's runtime, and its hooks then
// run for that component only.
import { runtime, type Component, type ComponentClass } from './component.js'
import type { Scope } from './engine.js'
import type { Key } from './keys.js'
import type { Shape } from './schema.js'
import type { Claims } from './token.js'

export type Props = Record<string, unknown>

/** A claim's check: whether a value read from a verified token has the claim's type. */
export type ClaimCheck = (value: unknown) => boolean

/**
 * The moments of a component's life a plugin may run around (`around`), by name, with what each concerns. The
 * socket's and the page's moments are added by their layers (module augmentation of this interface).
 */
export interface Moments {
  /** a token the browser sent is checked; `go` returns its claims, or throws TokenError or ValidationError */
  verify: {}
  /** component `name` mounts (its props checked, `mount`, the capabilities' `mounted`) */
  mount: { name: string }
  /** a component renders (its template, the capabilities' `html`, `seal`) */
  render: { instance: Component }
}

/** One moment: its name `at` and what it concerns. */
export type Moment = { [K in keyof Moments]: { readonly at: K } & Moments[K] }[keyof Moments]

/** Runs `go` at `moment`, once, and returns what it returned (or throws what it threw). */
export type Around = <T>(moment: Moment, go: () => T) => T

/** The model's hooks. `use` is what `declare` returned for the component's class. */
export interface ModelHooks<D = unknown> {
  /** the capability's name: also its runtime slot's and its effects' owner name */
  readonly name: string
  /**
   * What `cls` declares for this capability (static query, sealed, uploads, replay); undefined: its hooks never
   * run for the class, unless a component takes it up at run time (a slot) or a token carries one of its claims.
   * Without `declare`, only the slot and the claims make its hooks run. Throws to refuse a wrong declaration.
   */
  declare?(cls: ComponentClass, state: Shape): D | undefined
  /** the claims it writes into tokens, each with its check */
  claims?: Record<string, ClaimCheck>
  /** what of its claims the browser must receive when it changes (a new token though the HTML is the same) */
  shown?(claims: Claims): unknown
  /** props given at mount: what it adds or replaces (query: the URL's values win) */
  props?(use: D, props: Props, scope: Scope): Props
  /** a component mounted (before its first render) */
  mounted?(use: D, instance: Component): void
  /** claims just verified: what the component's state is made from (sealed: `sl` decrypted into `st`) */
  open?(use: D, claims: Claims, key: Key): Claims
  /** verified claims from another version of the class's code, before their state is checked: claims the class
   * can take instead (development: the state that still fits a class changed since the page was rendered) */
  outdated?(use: D, claims: Claims): Claims
  /** a component rebuilt from its claims (presence, replay: their runtime state from their claims) */
  rebuilt?(use: D, instance: Component, claims: Claims): void
  /** a render's inner HTML (streams' operations, uploads' rules) */
  html?(use: D, instance: Component, html: string): string
  /** the claims of a new token: add its own (in the list's order); the claims to serialise (sealed: `st` encrypted) */
  seal?(use: D, instance: Component, claims: Claims, key: Key): Claims | void
  /** runs around each moment of the life, of every class (a tracer: its span open, and current, while `go` runs);
   * the plugins' are nested in the list's order, and without any the core calls nothing */
  around?<T>(moment: Moment, go: () => T): T
}

/** A plugin and what a class declared for it. */
export interface Use<P = ModelHooks> {
  readonly plugin: P
  readonly use: unknown
}

/** The plugins a class uses: those whose `declare` returned something for it, in the list's order. */
export function usesOf<P extends ModelHooks>(plugins: readonly P[], cls: ComponentClass, state: Shape): Use<P>[] {
  const uses: Use<P>[] = []
  for (const plugin of plugins) {
    const use = plugin.declare?.(cls, state)
    if (use !== undefined) uses.push({ plugin, use })
  }
  return uses
}

/** For each hook name, the uses whose plugin has it: computed once per class, read on every event. */
export type HookLists<P> = { readonly [K in keyof P]?: readonly Use<P>[] }

export function hookLists<P extends object>(uses: readonly Use<P>[]): HookLists<P> {
  const lists: Record<string, Use<P>[]> = {}
  for (const use of uses) {
    for (const name of hookNames(use.plugin)) (lists[name] ??= []).push(use)
  }
  return lists as HookLists<P>
}

function hookNames(plugin: object): string[] {
  const names: string[] = []
  for (const name in plugin) if (typeof (plugin as Record<string, unknown>)[name] === 'function' && name !== 'declare') names.push(name)
  return names
}

/** `go(...args)` at `moment`: the closure `around` takes is made here, so that a caller without any `around` makes no
 * context for what the closure would capture (V8 makes it as the caller's scope is entered, closure or not). */
export function at<A extends unknown[], T>(around: Around, moment: Moment, go: (...args: A) => T, ...args: A): T {
  return around(moment, () => go(...args))
}

/** The plugins' `around`, nested (the first outermost): undefined when none has one. */
export function aroundOf(plugins: readonly ModelHooks[]): Around | undefined {
  let around: Around | undefined
  for (const plugin of [...plugins].reverse()) {
    if (!plugin.around) continue
    const inner = around
    around = inner ? (moment, go) => plugin.around!(moment, () => inner(moment, go)) : (moment, go) => plugin.around!(moment, go)
  }
  return around
}

export const NO_USES: readonly never[] = []

/** The plugin named `name` of the Reactor that built `instance` (what it keeps for the app: presence's store). */
export function pluginOf<P extends ModelHooks>(instance: Component<unknown>, name: string): P | undefined {
  return instance[runtime]?.plugins?.get(name) as P | undefined
}

/** The runtime slots of a component: each capability it took up at run time, with its state (none for most). */
export type Slots = Record<string, unknown>

/** The state a capability keeps for `instance` (`make` creates it: the component then takes the capability up). */
export function slot<T>(instance: Component<unknown>, name: string): T | undefined
export function slot<T>(instance: Component<unknown>, name: string, make: () => T): T
export function slot<T>(instance: Component<unknown>, name: string, make?: () => T): T | undefined {
  const rt = instance[runtime]
  const slots = rt.slots
  if (slots && name in slots) return slots[name] as T
  if (!make) return undefined
  const made = make()
  ;(rt.slots ??= {})[name] = made
  return made
}
