// A component's life in the page: it starts (init hooks, bindings, a join) and it leaves (leave hook, a leave).
import { hash } from '../../src/core/diff.js'
import { bind } from './bind.js'
import { call } from './feature.js'
import { hook } from './hooks.js'
import { mark } from './send.js'
import { held, html, page, put, ROOT, roots } from './wire.js'

/** The roots started: a placeholder (a lazy component) starts with its first render. */
export const started = new WeakSet<Element>()

/** Binds the component's elements and fires `init` on the root and the elements it owns (not a child's). */
export function start(root: Element): void {
  left.delete(root) // a page put back by Back or Forward comes back
  started.add(root)
  for (const el of [root, ...root.querySelectorAll('*')]) {
    bind(el)
    if (el.closest(ROOT) == root) hook(el, 'init')
  }
  mark(root.id)
}

/**
 * Joins the page's components to the socket with the token each holds now, and the hash of the HTML it last
 * received; `again` after a reconnect (the server then brings subscribed components up to date). How many joined.
 */
export function join(again?: boolean): number {
  const c = roots().map((el) => {
    const last = held.get(el.id)?.last
    return { id: el.id, tok: el.getAttribute('state'), h: last && hash(last) }
  })
  if (c.length) put({ t: 'join', p: page, c, r: again ? 1 : undefined })
  call(/* @__KEY__ */ 'shown')
  return c.length
}

const left = new WeakSet<Element>()

/** Components the page's own script removes leave too (a render or an `rm` makes them leave first). */
export function watch(): void {
  new MutationObserver((records) => {
    for (const { removedNodes } of records) for (const node of removedNodes) if (node instanceof Element && !node.isConnected) leave(node)
  }).observe(html, { childList: true, subtree: true })
}

/** `el` and the components inside it leave, while still in the page (so `reactor:leave` reaches the document). */
export function leave(el: Element): void {
  for (const root of [el, ...el.querySelectorAll(ROOT)]) {
    if (!root.matches(ROOT) || left.has(root)) continue
    left.add(root)
    hook(root, 'leave')
    // its events are dropped, but its sequence goes on: a component that comes back under the same id
    // (a child is `<parent id>-<n>`) must not reuse the idempotency keys of events the server answered
    held.set(root.id, { q: held.get(root.id)?.q ?? 0, out: [] })
    put({ t: 'leave', id: root.id })
  }
}
