// What a capability may add to the browser client: one plain object of optional hooks, each called by the core
// at a fixed point (public/features/index.ts lists the capabilities, in order). The core names no capability.
// A hook returns true only to claim what it was given (`take`, `fire`, `update`): the later ones are then skipped.
import type { Diff } from '../../src/core/diff.js'
import type { Pending } from './wire.js'

/** A problem for the developer to see: an error's code and message, and in development the server's details. */
export interface Problem {
  code?: string
  msg?: string
  dev?: { component?: string; handler?: string; stack?: string }
}

/** A server message (src/wire/protocol.ts ServerMessage), read loosely. */
export interface Message extends Problem {
  t: string
  id: string
  q?: number
  tok?: string
  p?: Diff
  s?: string
  d?: Diff
  html?: string
  url?: string
  action?: string
  sel?: string
  set?: Record<string, string | string[] | null>
  push?: 1
  f?: string
  c?: Array<[name: string, ...args: unknown[]]>
  ref?: string
  at?: number
  u?: string
}

/** A render being applied: `morph` applies HTML to one element with the same rules, `added` collects new elements. */
export interface Render {
  morph(el: Element, html: string): Element
  added: Element[]
}

export interface Feature {
  /** The page is ready, before the socket opens: listen to the document, the network. */
  boot?(): void
  /** The page's components joined the socket: it opened, or a navigation put a page on screen. */
  shown?(): void
  /** The socket opened (true) or closed (false). */
  connected?(open: boolean): void
  /** A message that is no component's (an upload's, by its `ref`): true when the capability took it. */
  take?(m: Message): boolean | void
  /** Handlers by message type `t`, run in the list's order once the core applied the message's token and render. */
  messages?: Record<string, (m: Message, el: Element | null) => void>
  /** An element of a component is bound (again after a render); `on`: the event types it listens to already. */
  bind?(el: Element, on: Record<string, 1>): void
  /** The modifiers `fire` reads (`js`): the core's guard lets them pass. */
  modifiers?: string[]
  /** An `on:` binding passed its modifiers: true when the capability ran it instead of sending an event. */
  fire?(el: Element, e: Event, mods: string[], value: string): boolean | void
  /** The elements whose renders the capability applies itself (a selector): a text-only render leaves them to `update`. */
  owns?: string
  /** morphdom's onBeforeElUpdated, after the core kept what the user holds: true when the capability applied `to` itself (morphdom leaves `from`). */
  update?(from: Element, to: Element, render: Render): boolean | void
  /** An element's event went in flight (`on`) or was answered; `submit`: it is the submit event of the form `el`. */
  flag?(el: Element, on: boolean, submit?: boolean): void
  /** The component's marks, after a send or a render: `out` are its events in flight. */
  marked?(root: Element, out: Pending[]): void
  /** Development: a problem to show the developer (an error's details, a warning, a bad binding). */
  report?(problem: Problem): void
  /** Development: a message crossing the socket, `up` to the server or down; true when the capability passes it on itself (later). */
  relay?(frame: string, up: boolean, pass: (frame: string) => void): boolean | void
  /** Functions added to `window.reactor`. */
  api?: Record<string, unknown>
}

/** The capabilities, in order (client.ts fills it once, before the page boots). */
export const features: Feature[] = []
const lists: Record<string, unknown[]> = {}

/** Every capability's `name` (`modifiers` and `owns`: their values), in order; computed once, at its first use. */
export const each = <K extends keyof Feature>(name: K) => (lists[name] ??= features.flatMap((f) => f[name] ?? [])) as Array<NonNullable<Feature[K]>>

type Point = Exclude<keyof Feature, 'messages' | 'modifiers' | 'owns' | 'api'>

/** Runs the capabilities' `name` hooks in order, until one returns true (it took the message, the binding, the element). */
export const call = <K extends Point>(name: K, ...args: Parameters<NonNullable<Feature[K]>>): boolean =>
  each(name).some((hook) => (hook as (...a: typeof args) => unknown)(...args) === true)

/** Development: shows the developer a problem, through every capability that reports. */
export const report = (problem: Problem) => call(/* @__KEY__ */ 'report', problem)
