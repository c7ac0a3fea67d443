// Live navigation: `a(:navigate)` and `reactor.navigate(url)` fetch the next page, swap <body> and merge <head>,
// leave the old components and join the new ones on the same socket. Back and Forward put back the page as it
// was left (its DOM and tokens) and its scroll. Anything that cannot be swapped loads the page instead.
import { wake } from './lazy.js'
import { join, leave, start } from './life.js'
import { run } from './morph.js'
import { link, me, roots } from './wire.js'

interface Shown {
  body: HTMLElement
  head: Element[]
  y: number
}

/** The pages left, by history entry: what Back and Forward put back (the last 20). */
const left = new Map<string, Shown>()
const html = document.documentElement
const where = () => location.pathname + location.search
const newKey = () => Math.random().toString(36).slice(2)
let here = history.state?.rx ?? newKey()
let path = where()
let prefetched: { url: string; res: Promise<Response> } | undefined

const bar = new CSSStyleSheet()
// no specificity: any rule of the app's for .reactor-navigating::before wins
bar.replaceSync(':where(.reactor-navigating)::before{content:"";position:fixed;top:0;left:0;z-index:9999;height:3px;width:90%;background:#29d;animation:rxbar 9s ease-out}@keyframes rxbar{from{width:0}}')
document.adoptedStyleSheets = [...document.adoptedStyleSheets, bar]
history.replaceState({ ...history.state, rx: here }, '')

const get = (url: string) => fetch(url, { headers: { 'x-reactor-navigate': '1' } })

/** Navigates to `url` live when it can (`replace` replaces the history entry), else loads it. */
export async function navigate(url: string, replace?: boolean, pop?: boolean): Promise<void> {
  const to = new URL(url, location.href)
  if (!/^https?:$/.test(to.protocol)) return
  if (to.origin != location.origin) return location.assign(to)
  const done = progress()
  try {
    const res = await (prefetched?.url == to.href ? prefetched.res : get(to.href))
    prefetched = undefined
    const text = res.ok && /html/.test(res.headers.get('content-type')!) && (await res.text())
    const doc = text && new DOMParser().parseFromString(text, 'text/html')
    // a page without this client (or with another version of it) cannot be joined: it is loaded
    if (!doc || ![...doc.scripts].some((s) => s.src == me.src)) throw 0
    history[replace || pop ? 'replaceState' : 'pushState']({ rx: newKey() }, '', res.url + to.hash)
    show({ body: doc.body, head: [...doc.head.children], y: 0 }, !pop && to.hash)
  } catch {
    location.assign(to)
  } finally {
    done()
  }
}

/** State in the URL moved (`set`: parameters to set, null to remove): a new history entry with `push`, else the same one. */
export function moveQuery(set: Record<string, string | string[] | null>, push?: 1): void {
  const url = new URL(location.href)
  for (const [k, v] of Object.entries(set)) {
    url.searchParams.delete(k)
    for (const value of [v ?? []].flat()) url.searchParams.append(k, value)
  }
  history[push ? 'pushState' : 'replaceState']({ rx: (here = push ? newKey() : here) }, '', url)
  path = where()
}

/** Puts `next` on screen; the page it replaces is kept for Back and Forward. `hash`: scroll to that element. */
function show(next: Shown, hash?: string | false): void {
  history.scrollRestoration = 'manual'
  left.set(here, { body: document.body, head: [...document.head.children], y: scrollY })
  if (left.size > 20) left.delete(left.keys().next().value!)
  leave(document.body)
  const fresh = next.body.ownerDocument != document
  merge(next.head)
  document.body.replaceWith(next.body)
  if (fresh) next.body.querySelectorAll('script').forEach(renonce)
  here = history.state.rx
  path = where()
  roots().forEach(start)
  // a socket opened without a session cannot join components bound to the one this page's answer set: a new socket joins them
  if (link.bare && roots().length) link.ws!.close()
  // a page put back may have missed broadcasts: it joins as after a reconnect
  join(roots(), !fresh)
  wake()
  if (hash) document.getElementById(decodeURIComponent(hash.slice(1)))?.scrollIntoView()
  else scrollTo(0, next.y)
}

/** Keeps the <head> elements both pages have, adds the new page's, drops the old page's (scripts stay: they ran). */
function merge(head: Element[]): void {
  const same = (el: Element) => el.outerHTML.replace(/ nonce="[^"]*"/, '')
  const old = new Map([...document.head.children].map((el) => [same(el), el]))
  for (const el of head) {
    if (old.delete(same(el))) continue
    const fresh = el.ownerDocument != document
    document.head.append(el)
    if (fresh && el instanceof HTMLScriptElement) renonce(el)
  }
  for (const el of old.values()) if (el.tagName != 'SCRIPT') el.remove()
}

/** A script of the fetched page runs with this page's nonce (the one its Content-Security-Policy allows). */
function renonce(script: HTMLScriptElement): void {
  script.removeAttribute('nonce')
  run(script)
}

/** The bar on the top edge (`reactor-navigating` on <html>), once a navigation has taken 150 ms; returns what ends it. */
function progress(): () => void {
  const timer = setTimeout(() => html.classList.add('reactor-navigating'), 150)
  return () => (clearTimeout(timer), html.classList.remove('reactor-navigating'))
}

/** Follows clicks on `a(:navigate)` links, hovers on `a(:navigate.hover)` (a prefetch), and Back and Forward. */
export function followLinks(): void {
  addEventListener('click', (e) => {
    const a = (e.target as Element).closest?.<HTMLAnchorElement>('a[\\:navigate],a[\\:navigate\\.hover]')
    const plain = !(e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.defaultPrevented)
    if (!a || !plain || a.origin != location.origin || a.hasAttribute('download') || (a.target && a.target != '_self')) return
    // a link to an anchor of this page is the browser's to follow
    if (a.hash && a.pathname + a.search == path) return
    e.preventDefault()
    navigate(a.href)
  })
  addEventListener('mouseover', (e) => {
    const a = (e.target as Element).closest?.<HTMLAnchorElement>('a[\\:navigate\\.hover]')
    if (a && a.origin == location.origin && prefetched?.url != a.href && a.href != location.href) prefetched = { url: a.href, res: get(a.href) }
  })
  addEventListener('popstate', (e) => {
    if (where() == path) return // a move between anchors of this page
    const page = left.get(e.state?.rx)
    if (page) show(page)
    else navigate(location.href, false, true)
  })
}
