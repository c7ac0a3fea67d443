// Event binding: `@click.prevent="handler {args}"` (the server writes it `on:click.prevent`, as `@` cannot be
// set through the DOM). Each element listens to its own event types, so `stop` and non-bubbling events behave.
import { parseArgs } from '../../src/wire/args.js'
import { call, report } from './feature.js'
import { guard } from './modifiers.js'
import { send } from './send.js'
import { ROOT } from './wire.js'

declare global {
  interface Element {
    /** the event types this element listens to already */
    reactorOn?: Record<string, 1>
  }
}

/** Listens on `el` to every event type its `on:<type>` attributes name (once per type); then the capabilities bind. */
export function bind(el: Element): void {
  const types = (el.reactorOn ??= {})
  for (const { name } of el.attributes) {
    const [, type] = /^on:([^.]+)/.exec(name) ?? []
    if (type && !types[type]) {
      types[type] = 1
      el.addEventListener(type, (e) => fire(el, e))
    }
  }
  call(/* @__KEY__ */ 'bind', el, types)
}

/** The binding's arguments; a bad literal is thrown (and, in development, reported: the overlay shows it). */
const argsOf: typeof checked = __DEV__ ? checked : parseArgs

function checked(args: string, el: Element, e: Event, handler: string): Record<string, unknown> {
  try {
    return parseArgs(args, el, e)
  } catch (error) {
    const why = SyntaxError(`${(error as Error).message}: a binding's arguments are literals (numbers, 'strings', true, false, null, lists and objects of them) and reads of this.<path> or event.<path>, not expressions; compute the value in the handler`)
    report({ code: 'bad-arguments', msg: String(why), dev: { component: el.closest(ROOT)?.getAttribute('reactor-component')!, handler } })
    throw why
  }
}

function fire(el: Element, e: Event): void {
  for (const { name, value } of [...el.attributes]) {
    const [on, ...mods] = name.split('.')
    if (on == `on:${e.type}`) {
      guard(e, el, mods, value, () => {
        if (call(/* @__KEY__ */ 'fire', el, e, mods, value)) return
        const [, handler, args] = /^\s*(\S*)\s*([^]*)$/.exec(value)!
        if (handler) send(el, handler, args ? argsOf(args, el, e, handler) : undefined, e.type == 'submit')
        // `.clear`: the field is empty at once, so what is typed next is never lost to the answer's render
        if (mods.includes('clear')) (el as HTMLInputElement).value = ''
      })
    }
  }
}
