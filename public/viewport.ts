// Infinite scroll: `@viewport-top` / `@viewport-bottom` on a `:stream` container fire when its first / last
// item comes into view (once per item: the items a load brings are watched in turn).
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
export function ends(box: Element): void {
  if (!/on:viewport-/.test(box.getAttributeNames().join())) return
  for (const item of [box.firstElementChild, box.lastElementChild]) {
    if (item && !watched.has(item)) (watched.add(item), io.observe(item))
  }
}
