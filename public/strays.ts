// Development: an `@event` binding outside any component does nothing (only components' elements are bound);
// the console says so once for each, when the page starts.
import { me, ROOT } from './wire.js'

export function warnStrays(): void {
  if (me.dataset.dev == null) return
  for (const el of document.querySelectorAll('body *')) {
    for (const { name } of el.attributes) {
      if (name.startsWith('on:') && !el.closest(ROOT)) {
        console.warn(`reactor: <${el.localName} ${name}> is outside any component: it does nothing`)
      }
    }
  }
}
