// Loading targets: elements of a component that follow its events in flight, all of them or only those of
// given handlers. `:loading` shows the element (hidden otherwise), `:loading.class="busy"` adds classes
// instead, `:disable="save"` disables it; an empty `:disable` keeps to the element that fired (send.ts).
import type { Pending } from './wire.js'
import { ROOT } from './wire.js'

/**
 * Whether one of the events in flight is for the handlers `names` lists (space or comma separated), or
 * with no names, whether any is. The one handler-name filter of the loading and disabling attributes.
 */
export function awaits(names: string | null, out: Pending[]): boolean {
  const wanted = names?.match(/[\w$-]+/g)
  return out.some((p) => !wanted || wanted.includes(p.m.n))
}

export function targets(root: Element, out: Pending[]): void {
  for (const el of root.querySelectorAll<HTMLButtonElement>('[\\:loading],[\\:loading\\.class],[\\:disable]')) {
    if (el.closest(ROOT) != root) continue
    const loading = el.getAttribute(':loading.class')
    const on = awaits(el.getAttribute(':loading'), out)
    if (loading) loading.split(' ').forEach((c) => c && el.classList.toggle(c, on))
    else if (el.hasAttribute(':loading')) el.hidden = !on
    if (el.getAttribute(':disable')) el.disabled = awaits(el.getAttribute(':disable'), out)
  }
}
