// Streams in the DOM, for the browser client and the test client: a `:stream` container keeps the items it holds;
// `:ops` says where they go: inserts `[id, at?, limit?]` (new ones at `at`, default the end; existing ones
// updated in place, or moved when `at` is given), `d` ids to remove, `r` remove every item first.
// Shared with the test client (src/testing.ts), so it needs nothing but the DOM.

type Insert = [string, (number | null)?, number?]

/** Applies the render `to` of the container `from`; `update` morphs an item (or returns its replacement),
 * `added` collects new elements. */
export function stream(from: Element, to: Element, update: (el: Element, html: string) => Element | void, added: Element[]): void {
  const ops: { r?: 1; d?: string[]; i?: Insert[] } = JSON.parse(to.getAttribute(':ops') || '{}')
  for (const { name } of [...from.attributes]) to.hasAttribute(name) || from.removeAttribute(name)
  for (const { name, value } of to.attributes) from.setAttribute(name, value)
  const items = from.children
  const own = (id: string) => [...items].find((el) => el.id == id)
  if (ops.r) [...items].forEach((el) => el.remove())
  ops.d?.forEach((id) => own(id)?.remove())
  for (const [id, at, limit] of ops.i ?? []) {
    const next = [...to.children].find((el) => el.id == id)
    if (!next) continue
    let el = own(id)
    if (el) el = update(el, next.outerHTML) || el
    else added.push((el = next), ...next.querySelectorAll('*'))
    if (at != null || !el.isConnected) from.insertBefore(el, at == null || at == -1 ? null : items[at < 0 ? items.length + at + 1 : at] ?? null)
    while (limit && items.length > Math.abs(limit)) items[limit < 0 ? 0 : items.length - 1].remove()
  }
}
