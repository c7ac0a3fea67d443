// Sending an event: in order, with a sequence number, kept in the outbox until the server answers it,
// and the loading marks while it is in flight: the `reactor-loading` attribute and class, and the capabilities'
// (`flag` for the element that fired, `marked` for the component).
import { fields } from '../../src/wire/form-fields.js'
import { call } from './feature.js'
import { byId, held, heldOf, put, ROOT, type Pending } from './wire.js'

/**
 * Sends `name` to the component holding `el`, with the enclosing form's (or component's) fields and `args` on top;
 * `submit`: it is the submit event of the form `el`.
 */
export function send(el: Element, name: string, args?: Record<string, unknown>, submit?: boolean): void {
  const root = el.closest(ROOT)
  if (!root) return
  const form = el.closest('form')
  const h = heldOf(root.id)
  const f = fields(form && root.contains(form) ? form : root)
  const m = { t: 'ev', id: root.id, n: name, a: args, f: f[0] && f, q: ++h.q } as const
  h.out.push({ m, el, submit })
  put(m)
  mark(root.id)
}

/**
 * The server answered the events of `id` up to `q`: out of the outbox, their elements' marks off (before the
 * render, which brings the server's text for a `:disable-with`); `mark` then does the component's.
 */
export function settle(id: string, q: number): void {
  const h = held.get(id)
  for (const p of h?.out ?? []) if (p.m.q <= q) flag(p.el, false, p.submit)
  if (h) h.out = h.out.filter((p) => p.m.q > q)
}

/** Puts the loading marks where events are in flight (again after a render replaced the attributes). */
export function mark(id: string): void {
  const out = held.get(id)?.out ?? []
  const root = byId(id)
  flag(root, out.length > 0)
  for (const p of out) flag(p.el, true, p.submit)
  if (root) call(/* @__KEY__ */ 'marked', root, out)
}

function flag(el: Element | null | undefined, on: boolean, submit?: boolean): void {
  if (!el) return
  el.toggleAttribute('reactor-loading', on)
  el.classList.toggle('reactor-loading', on)
  call(/* @__KEY__ */ 'flag', el, on, submit)
}
