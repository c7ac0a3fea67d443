// What a capability may add to a browser's socket: message types of its own, binary frames, what it follows while
// a component is held, checks before a handler, what a handler's return value means, messages after a render,
// and the effects it carries out. The socket builds its tables once per Reactor (`socketPlugins`).
import type { Component } from '../core/component.js'
import type { Carriers, Effect } from '../core/effects.js'
import type { ModelHooks } from '../core/plugin.js'
import type { Claims } from '../core/token.js'
import type { Failure } from './errors.js'
import type { Checked, Event } from './event.js'
import type { Host } from './host.js'
import type { Limits } from './limits.js'
import type { LiveComponent } from './live.js'
import type { ServerMessage } from './protocol.js'

declare module '../core/plugin.js' {
  interface Moments {
    /** a frame from the browser is handled: `t` its message's type (`binary` for a binary frame), `raw` the frame */
    message: { host: Host; t: string; raw: string | Buffer }
    /** an event of the browser (or of another component) is queued on `live` and run: `go` settles once it is answered */
    event: { live: LiveComponent; event: Event }
    /** the handler `handler` runs on `instance`, in the app's transaction */
    handler: { live: LiveComponent; instance: Component; handler: string }
    /** what a render of `live` sends is worked out (a diff, whole HTML, an acknowledgement, or nothing): `go` returns it */
    diff: { live: LiveComponent }
    /** `msg` goes out on the socket: `go` returns the frame's text (undefined: the socket is closed) */
    send: { host: Host; msg: ServerMessage }
  }
}

/** A message type a capability adds: `parse` checks the frame's object (throws ProtocolError), `run` handles it. */
export interface SocketMessage<M extends object = any> {
  parse(msg: Record<string, unknown>, limits: Limits): M
  /** how many events of the socket's rate it costs (default 1) */
  cost?(msg: M): number
  /** runs in the socket's order; a promise only when the next message must wait for it */
  run(msg: M, host: Host): void | Promise<void>
}

/** A handler may not run (`code`, `message`), or may, with what to undo if it fails. */
export type Verdict = { code: string; message: string } | { undo?: () => Promise<unknown> }

/** What a handler's run offers a capability that takes over its return value (steps). */
export interface HandlerRun {
  instance: Component
  live: LiveComponent
  host: Host
  /** renders and sends what the component holds now */
  shown(): Promise<unknown>
}

/** Where an effect goes on a socket: the component that asked, and what its navigation carries (flash's `f`). */
export interface SocketOut {
  readonly host: Host
  readonly live: LiveComponent
  /** fields added to the `visit` message of the same handler */
  readonly carry: Record<string, unknown>
}

export interface SocketHooks<D = unknown> extends ModelHooks<D> {
  /** message types of its own, by `t` */
  messages?: Record<string, SocketMessage>
  /** a binary frame (uploads: a chunk); a promise when the next message must wait for it */
  binary?(host: Host, data: Buffer): void | Promise<void>
  /** a socket opened */
  opened?(host: Host): void
  /** the socket closed */
  closed?(host: Host): void | Promise<void>
  /** a failure the socket answered (flash: the notice the user sees) */
  failed?(failure: Failure, host: Host): void
  /** an event arrived for `live`, before it waits its turn: what to call once it has run (answered, refused or
   * failed), or undefined (nothing to call: a run pays nothing more) */
  received?(live: LiveComponent, event: Event): (() => void) | undefined
  /** a token the browser holds, before its claims are followed: a refusal leaves the component unheard
   * (replay: a newer state was used); undefined: nothing to check */
  admit?(use: D, live: LiveComponent, claims: Claims): Promise<{ code: string; message: string } | undefined> | undefined
  /** a component's token is held (after a join, an event, a render): follow what its claims carry */
  held?(use: D, live: LiveComponent, claims: Claims): void
  /** a component left the socket (removed, replaced, or the socket closed) */
  gone?(use: D, live: LiveComponent): void
  /** a browser's event had its handler and arguments checked (`checked`: the arguments, or the refusal): true when
   * the capability answered the event itself and no handler runs (forms: refused fields become the page's errors) */
  checked?(use: D, live: LiveComponent, instance: Component, event: Event, checked: Checked): boolean | Promise<boolean>
  /** before handler event `q` runs: a refusal, or what to undo if it fails */
  before?(use: D, live: LiveComponent, q: number): Promise<Verdict | undefined>
  /** handler `handler` is about to run on `instance` (for a plugin with `handled`): what `handled` gets back (develop: the fields it may change) */
  handling?(use: D, instance: Component, handler: string): unknown
  /** the handler returned, before the render: messages for the browser, if any (develop: a warning) */
  handled?(use: D, instance: Component, handler: string, before: unknown): readonly ServerMessage[] | void
  /** a handler's return value: a promise of false when the run stopped (nothing more to send), undefined when not its kind */
  returned?(value: unknown, run: HandlerRun): Promise<boolean> | undefined
  /** after a handler's render: a message for the browser (query: the URL moved) */
  settled?(use: D, live: LiveComponent, before: Record<string, unknown>, after: Record<string, unknown>): ServerMessage | undefined
  /** every effect a handler asked for, before each is carried out (flash: shown now, or carried by the visit) */
  batch?(effects: readonly Effect[], out: SocketOut): void
  /** the effect kinds it carries out on a socket */
  effects?: Carriers<SocketOut>
}

/** The socket's tables, made once per Reactor from its plugins. */
export interface SocketPlugins {
  readonly all: readonly SocketHooks[]
  readonly messages: ReadonlyMap<string, SocketMessage>
  readonly effects: ReadonlyMap<string, (effect: any, out: SocketOut) => void | Promise<void>>
  readonly batch: readonly SocketHooks[]
  readonly returned: readonly SocketHooks[]
  readonly binary?: SocketHooks
  readonly opened: readonly SocketHooks[]
  readonly closed: readonly SocketHooks[]
  readonly received: readonly SocketHooks[]
  readonly failed: readonly SocketHooks[]
  /** capabilities no class declares, whose `held` and `gone` run for a component whose token carries one of
   * their claims, or that took them up (a slot on its LiveComponent) */
  readonly followers: readonly { readonly plugin: SocketHooks; readonly claims: readonly string[] }[]
  /** what of a token's claims the browser must receive when it changes, though the HTML is the same */
  readonly shown: readonly ((claims: Claims) => unknown)[]
}

export function socketPlugins(plugins: readonly SocketHooks[]): SocketPlugins {
  const messages = new Map<string, SocketMessage>()
  const effects = new Map<string, (effect: any, out: SocketOut) => void | Promise<void>>()
  for (const plugin of plugins) {
    for (const [t, message] of Object.entries(plugin.messages ?? {})) once(messages, t, message, plugin.name, 'message type')
    for (const [kind, carry] of Object.entries(plugin.effects ?? {})) once(effects, kind, carry, plugin.name, 'effect')
  }
  const binary = plugins.filter((p) => p.binary)
  if (binary.length > 1) throw new Error(`koa-reactor: the plugins ${binary.map((p) => p.name).join(' and ')} both take binary frames; only one may`)
  return {
    all: plugins,
    messages,
    effects,
    batch: plugins.filter((p) => p.batch),
    returned: plugins.filter((p) => p.returned),
    binary: binary[0],
    opened: plugins.filter((p) => p.opened),
    closed: plugins.filter((p) => p.closed),
    received: plugins.filter((p) => p.received),
    failed: plugins.filter((p) => p.failed),
    followers: plugins.filter((p) => !p.declare && (p.held || p.gone)).map((plugin) => ({ plugin, claims: Object.keys(plugin.claims ?? {}) })),
    shown: plugins.flatMap((p) => (p.shown ? [p.shown.bind(p)] : [])),
  }
}

export function once<T>(table: Map<string, T>, key: string, value: T, owner: string, what: string): void {
  if (table.has(key)) throw new Error(`koa-reactor: the plugin "${owner}" adds the ${what} "${key}", which another plugin or the core has; choose another name`)
  table.set(key, value)
}

export const NO_PLUGINS = socketPlugins([])
