// Live navigation: `a(:navigate)` and `reactor.navigate(url)` fetch the next page, swap <body> and merge <head>,
// leave the old components and join the new ones on the same socket. Back and Forward put back the page as it
// was left (its DOM and tokens) and its scroll. Anything that cannot be swapped loads the page instead.
// The server's `visit` (or `reactor.visit`) navigates live (through Turbo when present); `redirect` loads the page.
import type { Feature } from '../core/feature.js'
import { join, leave, start } from '../core/life.js'
import { run } from '../core/morph.js'
import { entry, key, link, me, roots } from '../core/wire.js'

interface Shown {
  body: HTMLElement
  head: Element[]
  y: number
  /** a fetched page's nonce: its own scripts carry it */
  n?: string
}

/** The pages left, by history entry: what Back and Forward put back (the last 20). */
const left = new Map<string, Shown>()
const { documentElement: html, head } = document
const where = () => location.pathname + location.search
let here = history.state?.rx ?? key()
let path = where()
/** a page fetched ahead (hovering a link): its url, its answer */
let ahead: [string, Promise<Response>?] = ['']

const bar = new CSSStyleSheet()
// no specificity: any rule of the app's for .reactor-navigating::before wins
bar.replaceSync(':where(.reactor-navigating)::before{content:"";position:fixed;inset:0 auto auto 0;z-index:9999;height:3px;width:90%;background:#29d;animation:rxbar 9s ease-out}@keyframes rxbar{from{width:0}}')
document.adoptedStyleSheets.push(bar)
history.replaceState({ ...history.state, rx: here }, '')
/** This page is now the history entry on top. */
const moved = () => ((here = history.state.rx), (path = where()))

const get = (url: string) => fetch(url, { headers: { 'x-reactor-navigate': '1' } })

/** Navigates to `url` live when it can (`replace` replaces the history entry), else loads it. */
async function navigate(url: string, replace?: boolean, pop?: boolean): Promise<void> {
  const to = new URL(url, location.href)
  if (!/^https?:$/.test(to.protocol)) return
  // the bar on the top edge, once the navigation has taken 150 ms
  const slow = setTimeout(() => html.classList.add('reactor-navigating'), 150)
  try {
    if (to.origin != location.origin) throw 0
    const res = await (ahead[0] == to.href ? ahead[1]! : get(to.href))
    ahead = ['']
    const doc = new DOMParser().parseFromString(res.ok && /html/.test(res.headers.get('content-type')!) ? await res.text() : '', 'text/html')
    // a page without this client (or with another version of it) cannot be joined: it is loaded
    const client = [...doc.scripts].find((s) => s.src == me.src)
    if (!client) throw 0
    entry(replace || pop, res.url + to.hash)
    show({ body: doc.body, head: [...doc.head.children], y: 0, n: client.nonce }, !pop && to.hash)
  } catch {
    location.assign(to)
  }
  clearTimeout(slow)
  html.classList.remove('reactor-navigating')
}

/** Puts `next` on screen; the page it replaces is kept for Back and Forward. `hash`: scroll to that element. */
function show(next: Shown, hash?: string | false): void {
  history.scrollRestoration = 'manual'
  left.set(here, { body: document.body, head: [...head.children], y: scrollY })
  if (left.size > 20) left.delete(left.keys().next().value!)
  leave(document.body)
  const fresh = next.body.ownerDocument != document
  merge(next.head, next.n)
  document.body.replaceWith(next.body)
  // a script the fetched page's server marked as its own (its nonce) runs, with this page's nonce
  if (fresh) next.body.querySelectorAll('script').forEach((s) => run(s, next.n))
  moved()
  roots().forEach(start)
  // a socket opened without a session cannot join components bound to the one this page's answer set: a new socket joins them
  if (link.bare && roots().length) link.ws!.close()
  // a page put back may have missed broadcasts: it joins as after a reconnect
  join(!fresh)
  if (hash) document.getElementById(decodeURIComponent(hash.slice(1)))?.scrollIntoView()
  else scrollTo(0, next.y)
}

/** Keeps the <head> elements both pages have, adds the new page's, drops the old page's (scripts stay: they ran). */
function merge(next: Element[], nonce?: string): void {
  const same = (el: Element) => el.outerHTML.replace(/ nonce="[^"]*"/, '')
  const old = new Map([...head.children].map((el) => [same(el), el]))
  for (const el of next) {
    if (old.delete(same(el))) continue
    const fresh = el.ownerDocument != document
    head.append(el)
    if (fresh && el instanceof HTMLScriptElement) run(el, nonce)
  }
  for (const el of old.values()) if (el.tagName != 'SCRIPT') el.remove()
}

const LINK = 'a[\\:navigate],a[\\:navigate\\.hover]'
const HOVER = 'a[\\:navigate\\.hover]'

/** The same-origin link (`selector`) an event is on. */
function linkOf(e: Event, selector: string): HTMLAnchorElement | null | undefined {
  const a = (e.target as Element).closest?.<HTMLAnchorElement>(selector)
  return a?.origin == location.origin ? a : null
}

/** Follows clicks on `a(:navigate)` links, hovers on `a(:navigate.hover)` (a prefetch), and Back and Forward. */
function followLinks(): void {
  addEventListener('click', (e) => {
    const a = linkOf(e, LINK)
    if (!a || e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.defaultPrevented || a.hasAttribute('download') || (a.target && a.target != '_self')) return
    // a link to an anchor of this page is the browser's to follow
    if (a.hash && a.pathname + a.search == path) return
    e.preventDefault()
    navigate(a.href)
  })
  addEventListener('mouseover', (e) => {
    const a = linkOf(e, HOVER)
    if (a && ahead[0] != a.href && a.href != location.href) ahead = [a.href, get(a.href)]
  })
  addEventListener('popstate', (e) => {
    if (where() == path) return // a move between anchors of this page
    const page = left.get(e.state?.rx)
    if (page) show(page)
    else navigate(location.href, false, true)
  })
}

function visit(url: string, { action = 'advance' }: { action?: string } = {}): void {
  const turbo = (window as { Turbo?: { visit(url: string, o: object): void } }).Turbo
  if (action == 'redirect') {
    if (/^https?:$/.test(new URL(url, location.href).protocol)) location.assign(url)
  } else if (turbo) turbo.visit(url, { action })
  else navigate(url, action == 'replace')
}

export const navigation: Feature = {
  boot: followLinks,
  messages: {
    visit: (m) => visit(m.url!, m),
    // the state in the URL moved (query.ts): this page is the entry it made
    url: moved,
  },
  api: { visit, navigate: (url: string) => navigate(url) },
}
