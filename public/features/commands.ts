// Client commands, run without a round trip and without eval: `@click.js="toggle('#menu'); add_class('#menu', 'open')"`,
// and those a handler sends (`this.js().show('#done')`). What they set on an element (`hidden`, classes,
// attributes) is kept across the server's renders of it. The server's `focus` message focuses an element.
import { parseArgs } from '../../src/wire/args.js'
import { scriptedAttribute } from '../../src/features/command-attributes.js'
import type { Feature, Message } from '../core/feature.js'
import { send } from '../core/send.js'

type Value = string | boolean | null
type Command = NonNullable<Message['c']>[number]

declare global {
  interface Element {
    /** what commands set on it: attribute -> value (null: removed), `.class` -> on or off */
    reactorSet?: Record<string, Value>
  }
}

function put(el: Element, key: string, value: Value): void {
  if (key[0] == '.') el.classList.toggle(key.slice(1), !!value)
  else if (value == null) el.removeAttribute(key)
  else el.setAttribute(key, value as string)
}

function set(el: Element, key: string, value: Value): void {
  ;(el.reactorSet ??= {})[key] = value
  put(el, key, value)
}

/** Sets classes on (1), off (0), or each the other way (-1). */
const classes = (on: number) => (el: Element, names: unknown) =>
  String(names).split(' ').forEach((c) => c && set(el, '.' + c, on < 0 ? !el.classList.contains(c) : !!on))

const COMMANDS: Record<string, (el: Element, a: unknown, b: unknown) => void> = {
  show: (el) => set(el, 'hidden', null),
  hide: (el) => set(el, 'hidden', ''),
  toggle: (el) => set(el, 'hidden', el.hasAttribute('hidden') ? null : ''),
  add_class: classes(1),
  remove_class: classes(0),
  toggle_class: classes(-1),
  set_attr(el, name, value) {
    if (scriptedAttribute(String(name), String(value ?? ''))) throw Error(`reactor: set_attr refused ${name}`)
    set(el, name as string, String(value ?? ''))
  },
  remove_attr: (el, name) => set(el, name as string, null),
  focus: (el) => (el as HTMLElement).focus(),
  // an optimistic change: the checkbox shows at once what the event will make true; the render brings the truth
  check: (el, on) => ((el as HTMLInputElement).checked = !!on),
  dispatch: (el, type, detail) => el.dispatchEvent(new CustomEvent(type as string, { bubbles: true, detail })),
  // the classes are kept for `ms` (through renders meanwhile), then taken away
  transition(el, names, ms) {
    classes(1)(el, names)
    setTimeout(() => classes(0)(el, names), Number(ms ?? 200))
  },
}

/** Runs `commands` from `self`: each names its targets by a selector (`'this'`: `self`), `push` sends an event. */
function run(self: Element, commands: Command[]): void {
  for (const [name, target, ...args] of commands) {
    if (name == 'push') send(self, String(target), args[0] as Record<string, unknown>)
    else if (!COMMANDS[name]) throw SyntaxError(`reactor: no command ${name}`)
    else for (const el of target == 'this' ? [self] : document.querySelectorAll(target as string)) COMMANDS[name](el, args[0], args[1])
  }
}

const CALL = /(\w+)\(([^)]*)\)/g

export const commands: Feature = {
  modifiers: ['js'],
  /** `.js`: reads `name(arg, ...)` calls, their arguments as literals (args.ts), and runs them instead of sending. */
  fire: (self, event, mods, source) =>
    mods.includes('js') && (run(self, [...source.matchAll(CALL)].map(([, name, args]) => [name, ...(parseArgs(`{a: [${args}]}`, self, event).a as unknown[])])), true),
  /** A render is about to make `from` look like `to`: what commands set on `from` stays. */
  update(from, to) {
    for (const key in from.reactorSet) put(to, key, from.reactorSet[key])
  },
  messages: {
    js: (m, el) => el && run(el, m.c!),
    focus: (m, el) => el?.querySelector<HTMLElement>(m.sel!)?.focus(),
  },
}
