// Streams: a `:stream` container keeps the items it holds; a render brings only those that changed, and where
// they go (src/features/stream-dom.ts, shared with the test client). Infinite scroll: `@viewport-top` /
// `@viewport-bottom` on the container fire when its first / last item comes into view (once per item: the items
// a load brings are watched in turn).
import { stream } from '../../src/features/stream-dom.js'
import type { Feature } from '../core/feature.js'

const STREAM = '[\\:stream]'
const io = new IntersectionObserver((entries) => {
  for (const { target, isIntersecting } of entries) {
    const box = target.parentElement
    if (!isIntersecting || !box) continue
    io.unobserve(target)
    if (target == box.firstElementChild) box.dispatchEvent(new CustomEvent('viewport-top'))
    if (target == box.lastElementChild) box.dispatchEvent(new CustomEvent('viewport-bottom'))
  }
})
const watched = new WeakSet<Element>()

/** Watches the first and last items of a container that binds a viewport event (each item fires once). */
function ends(box: Element): void {
  if (!box.matches(STREAM) || !/on:viewport-/.test(box.getAttributeNames().join())) return
  for (const item of [box.firstElementChild, box.lastElementChild]) {
    if (item && !watched.has(item)) (watched.add(item), io.observe(item))
  }
}

export const streams: Feature = {
  owns: STREAM,
  bind: ends,
  update: (from, to, render) => from.matches(STREAM) && (stream(from, to, render.morph, render.added), ends(from), true),
}
