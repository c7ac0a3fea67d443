// Loading states. Targets: elements of a component that follow its events in flight, all of them or only those
// of given handlers: `:loading` shows the element (hidden otherwise), `:loading.class="busy"` adds classes
// instead, `:disable="save"` disables it. `:disable` and `:disable-with="Saving…"`: an element disabled (and its
// text replaced) while an event it fired is in flight; for a form's submit event, every `:disable` /
// `:disable-with` element of the form too, so quick clicks on its submit button send one event.
import type { Feature } from '../core/feature.js'
import { ROOT, type Pending } from '../core/wire.js'

/**
 * Whether one of the events in flight is for the handlers `names` lists (space or comma separated), or
 * with no names, whether any is. The one handler-name filter of the loading and disabling attributes.
 */
function awaits(names: string | null, out: Pending[]): boolean {
  const wanted = names?.match(/[\w$-]+/g)
  return out.some((p) => !wanted || wanted.includes(p.m.n))
}

function targets(root: Element, out: Pending[]): void {
  for (const el of root.querySelectorAll<HTMLButtonElement>('[\\:loading],[\\:loading\\.class],[\\:disable]')) {
    if (el.closest(ROOT) != root) continue
    const loading = el.getAttribute(':loading.class')
    const on = awaits(el.getAttribute(':loading'), out)
    if (loading) loading.split(' ').forEach((c) => c && el.classList.toggle(c, on))
    else if (el.hasAttribute(':loading')) el.hidden = !on
    if (el.getAttribute(':disable')) el.disabled = awaits(el.getAttribute(':disable'), out)
  }
}

/** what an element showed before `:disable-with` replaced it */
const shown = new WeakMap<Element, string | Node[]>()

type Control = HTMLButtonElement & HTMLInputElement

function disable(el: Element, on: boolean, submit?: boolean): void {
  const targets = submit ? [el, ...el.querySelectorAll('[\\:disable],[\\:disable-with]')] : [el]
  for (const target of targets) {
    if (target.matches('[\\:disable],[\\:disable-with]')) (target as Control).disabled = on
    relabel(target as Control, on)
  }
}

function relabel(el: Control, on: boolean): void {
  const text = el.getAttribute(':disable-with')
  const input = el.localName == 'input'
  if (text == null) return
  // a render may have put the server's text back while the event is still in flight: it is what to restore
  if (on && (input ? el.value : el.textContent) != text) {
    shown.set(el, input ? el.value : [...el.childNodes])
    input ? (el.value = text) : (el.textContent = text)
  } else if (!on && shown.has(el)) {
    const before = shown.get(el)!
    input ? (el.value = before as string) : el.replaceChildren(...(before as Node[]))
    shown.delete(el)
  }
}

export const loading: Feature = { flag: disable, marked: targets }
