// The browser client: joins the components already on the page, sends their events in order, applies the
// renders with morphdom, and survives reconnects (rejoin from the tokens in the DOM, re-send the outbox).
import { apply, patchToken, type Diff } from '../src/core/diff.js'
import { run, type Command } from './commands.js'
import { carryFlash, dismissFlash, showFlash } from './flash.js'
import { hook } from './hooks.js'
import { wake } from './lazy.js'
import { join, leave, start, watch } from './life.js'
import { morph } from './morph.js'
import { followLinks, moveQuery, navigate } from './navigate.js'
import { overlay, type DevError } from './overlay.js'
import { backoff, onShown } from './reconnect.js'
import { mark, send, settle } from './send.js'
import { connected, followNetwork } from './status.js'
import { onUpload, resume } from './upload.js'
import { warnStrays } from './strays.js'
import { byId, held, heldOf, link, me, put, roots } from './wire.js'

/** A server message (src/protocol.ts ServerMessage), read loosely. */
interface Message {
  t: string
  id: string
  q?: number
  tok?: string
  p?: Diff
  s?: string
  d?: Diff
  html?: string
  code?: string
  msg?: string
  url?: string
  action?: string
  sel?: string
  set?: Record<string, string | string[] | null>
  push?: 1
  f?: string
  c?: Command[]
  ref?: string
  at?: number
  dev?: DevError['dev']
}

let tries = 0
let opened = false
let retry: number

function connect(): void {
  // the page's CSP nonce: the server puts it on its templates' scripts (only those run, morph.ts)
  const ws = (link.ws = new WebSocket(`ws${location.protocol.slice(4, -1)}://${location.host}${me.dataset.url}${me.nonce ? '?nonce=' + encodeURIComponent(me.nonce) : ''}`))
  ws.onopen = () => {
    tries = 0
    link.bare = !roots().length
    join(roots(), opened)
    wake()
    opened = true
    // re-sent: their answers may have been lost with the old socket (r lets another node answer from the state they left)
    for (const h of held.values()) h.out.forEach((p) => put({ ...p.m, r: 1 }))
    resume()
    connected(true, roots())
  }
  ws.onmessage = (e) => receive(JSON.parse(e.data))
  ws.onclose = (e) => {
    connected(false, roots())
    retry = setTimeout(connect, backoff(tries++, e))
  }
}

function receive(m: Message): void {
  const { t, id } = m
  if (onUpload(m)) return
  const el = byId(id)
  if (m.q) settle(id, m.q)
  // the new token: whole, or the held one with its payload patched and the new signature, once the render is
  // applied (nothing on screen shows it; the socket's next message is a task after this one's microtasks)
  if (m.tok) el?.setAttribute('state', m.tok)
  else if (m.s && el) queueMicrotask(() => el.setAttribute('state', patchToken(el.getAttribute('state')!, m.p!, m.s!)))
  if (!t && el) render(el, m)
  // LiveView's phx-error: a component whose event failed says so until its next answer or render
  if (m.q || !t || t == 'err') el?.classList.toggle('reactor-error', t == 'err')
  // the loading marks once, after the render (which may have replaced their attributes)
  if (m.q || !t) mark(id)
  if (t == 'err') {
    console.error(`reactor: ${m.code}: ${m.msg}`)
    hook(el ?? document.body, 'error', m)
    if (__DEV__) overlay(m)
    // a token from a rotated key or an old page (replayed: the back button): load the page again, at most once a minute
    if (/^(expired|unknown-key|replayed)$/.test(m.code!) && Date.now() - (+sessionStorage.reactorReload || 0) > 6e4) {
      sessionStorage.reactorReload = Date.now()
      location.reload()
    }
  } else if (__DEV__ && t == 'warn') {
    console.warn(`reactor: ${m.code}: ${m.msg}`)
    overlay(m)
  } else if (t == 'rm' && el) {
    leave(el)
    el.remove()
  } else if (t == 'visit') visit(m.url!, m)
  else if (t == 'url') moveQuery(m.set!, m.push)
  else if (t == 'flash') showFlash(m.html!)
  else if (t == 'js' && el) run(el, m.c!)
  else if (t == 'focus') el?.querySelector<HTMLElement>(m.sel!)?.focus()
}

function render(el: Element, m: Message): void {
  const h = heldOf(m.id)
  const html = m.html ?? (m.d && h.last != null ? apply(h.last, m.d) : null)
  const lazy = el.hasAttribute('reactor-lazy')
  if (html != null) {
    morph(el, html, h.last)
    h.last = html
  }
  if (lazy) start(el)
}

/** The server's `visit` (or `reactor.visit`): live navigation (through Turbo when present); `redirect` loads the page. */
function visit(url: string, { action = 'advance', f }: { action?: string; f?: string } = {}): void {
  carryFlash(f)
  const turbo = (window as { Turbo?: { visit(url: string, o: object): void } }).Turbo
  if (action == 'redirect') {
    if (/^https?:$/.test(new URL(url, location.href).protocol)) location.assign(url)
  } else if (turbo) turbo.visit(url, { action })
  else navigate(url, action == 'replace')
}

function boot(): void {
  roots().forEach(start)
  if (__DEV__) warnStrays()
  // a warning the server put on the page: no server serves the socket
  if (__DEV__ && me.dataset.warn) overlay({ code: 'socket-not-bound', msg: me.dataset.warn, dev: {} })
  watch()
  followLinks()
  dismissFlash()
  connect()
  const again = () => link.ws!.readyState == 3 && (clearTimeout(retry), connect())
  followNetwork(again)
  onShown(again)
}

;(window as unknown as { reactor: object }).reactor = { send, visit, navigate: (url: string) => navigate(url) }
if (document.readyState == 'loading') addEventListener('DOMContentLoaded', boot)
else boot()
