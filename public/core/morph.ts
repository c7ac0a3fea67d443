// Applies a render to a component with morphdom, keeping what the user has in hand: nested components
// (they have their own renders), `:once` elements, `:keep` values, the focused text field (unless `:override`)
// and the input whose event is in flight.
// Then: scripts the render inserted run once, hooks fire (`added`, `updated`, `init` for new components).
// A render that changes only text skips morphdom (retext.ts). The capabilities' `update` hooks see each element.
import morphdom from 'morphdom'
import { bind } from './bind.js'
import { call, type Render } from './feature.js'
import { hook } from './hooks.js'
import { leave, start } from './life.js'
import { retext } from './retext.js'
import { FIELD, held, me, ROOT } from './wire.js'

type Field = HTMLInputElement & HTMLSelectElement

/** Applies `html` (a render, with `state=""`) to `root`; `last`: the render before it, the page's HTML. */
export function morph(root: Element, html: string, last?: string): void {
  const changed = last != null && retext(root, last, html)
  if (changed) changed.forEach((el) => hook(el, 'updated'))
  else whole(root, html.replace('state=""', () => `state="${root.getAttribute('state')}"`))
  root.querySelector<HTMLElement>('[\\:focus]:not([disabled])')?.focus()
}

function whole(root: Element, html: string): void {
  // the child components this render drops leave first (children are keyed by id: the others stay as they are)
  for (const child of root.querySelectorAll(ROOT)) {
    if (child.parentElement!.closest(ROOT) == root && !html.includes(` id="${child.id}"`)) leave(child)
  }
  const added: Element[] = []
  const updated: Element[] = []
  const render: Render = { morph: (el, html) => morphdom(el, html, options) as Element, added }
  const options = {
    onNodeAdded: (node: Node) => (node instanceof Element && added.push(node), node),
    onBeforeElUpdated(from: Element, to: Element) {
      if ((from != root && from.matches(ROOT)) || from.matches('[\\:once]')) return false
      // an input whose own event is in flight is locked (LiveView's phx-ref): other renders keep what the user set
      const userOwns = from.hasAttribute(':keep') || (from == document.activeElement && typed(from) && !from.hasAttribute(':override')) || held.get(root.id)?.out.some((p) => p.el == from)
      if (userOwns && FIELD.test(from.tagName)) keep(from as Field, to as Field)
      if (call(/* @__KEY__ */ 'update', from, to, render)) return false
      if (!from.isEqualNode(to)) updated.push(from)
      return true
    },
  }
  morphdom(root, html, options)
  const born: Element[] = []
  for (let el of added) {
    if (el instanceof HTMLScriptElement) el = run(el)
    bind(el)
    hook(el, 'added')
    if (el.matches(ROOT)) born.push(el)
  }
  for (const el of updated) {
    bind(el)
    hook(el, 'updated')
  }
  // the server follows the components it rendered in: they need no join (it would send each token back)
  born.forEach(start)
}

/** A field the user types in (a focused checkbox or button holds nothing a render could clobber). */
const typed = (el: Element) => !/^(checkbox|radio|button|submit|reset|image|file)$/.test((el as HTMLInputElement).type)

/** Makes `to` hold what the user has in `from`: its value, its checkbox, the options selected. */
function keep(from: Field, to: Field): void {
  to.value = from.value
  to.checked = from.checked
  for (const option of to.options ?? []) option.selected = [...from.selectedOptions].some((o) => o.value == option.value)
}

/**
 * A script parsed from HTML never runs: a fresh copy does, with the page's nonce (the one its CSP allows), when
 * the server marked it as its own: it carries `nonce`, the nonce of the page it was rendered for. One that came
 * in through text (an injection) does not carry it, and does not run.
 */
export function run(old: HTMLScriptElement, nonce = me.nonce): HTMLScriptElement {
  if (old.nonce != nonce) return console.error('reactor: a script without the page nonce was not run'), old
  const script = document.createElement('script')
  for (const { name, value } of old.attributes) script.setAttribute(name, value)
  script.nonce = me.nonce
  script.text = old.text
  old.replaceWith(script)
  return script
}
