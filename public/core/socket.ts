// The socket: opens it (again after a drop, with a backoff), joins the page's components, re-sends the outbox,
// and takes each message in: its token, its render with morphdom, the marks, then the handlers of its type.
import { apply, patchToken } from '../../src/core/diff.js'
import { call, each, report, type Feature, type Message } from './feature.js'
import { hook } from './hooks.js'
import { join, leave, start, started } from './life.js'
import { morph } from './morph.js'
import { overHttp } from './http.js'
import { backoff } from './reconnect.js'
import { mark, settle } from './send.js'
import { byId, held, heldOf, html, link, me, put } from './wire.js'

let tries = 0
let opened = false
let retry: number
// the server's `fallback` option (and `transport`): [afterTries, afterMs] (1e9: never). Over HTTP, the WebSocket
// is tried again when the page reconnects: an HTTP stream that worked and closed (the server ends each after
// `fallback.retryMs`, a network change, a node restarting) leaves `tries` at 0
let [afterTries, afterMs] = JSON.parse(me.dataset.fallback || '[2,5e3]')

export function connect(): void {
  // the page's CSP nonce: the server puts it on its templates' scripts (only those run, morph.ts)
  const url = `${location.origin}${me.dataset.url}?nonce=${encodeURIComponent(me.nonce!)}`
  // the opens that failed in a row: from `afterTries` on, the HTTP transport carries the page
  const http = tries >= afterTries
  const ws = (link.ws = http ? overHttp(url) : new WebSocket(url.replace('http', 'ws')))
  // a WebSocket that hangs (a proxy holding the upgrade) counts as one that failed
  http || setTimeout(() => ws.readyState || ws.close(), afterMs)
  ws.onopen = () => {
    tries = 0
    // a WebSocket opened: this network lets them through (a node restarting is no reason to fall back)
    http || (afterTries = 1e9)
    // (for the app's CSS, and to know: no class, the WebSocket)
    html.classList.toggle('reactor-http', http)
    link.bare = !join(opened)
    opened = true
    // re-sent: their answers may have been lost with the old socket (r lets another node answer from the state they left)
    for (const h of held.values()) h.out.forEach((p) => put({ ...p.m, r: 1 }))
    call(/* @__KEY__ */ 'connected', true)
  }
  const take = (frame: string) => receive(JSON.parse(frame))
  // (development: a capability may hold a message back, the latency simulator)
  ws.onmessage = (e) => (__DEV__ ? call(/* @__KEY__ */ 'relay', e.data, false, take) || take(e.data) : receive(JSON.parse(e.data)))
  ws.onclose = (e) => {
    call(/* @__KEY__ */ 'connected', false)
    // (the switch to HTTP waits for nothing: a refused WebSocket is no node restarting)
    retry = setTimeout(connect, backoff(tries++, e) * +(tries != afterTries))
    if (__DEV__ && !http && tries == afterTries) fellBack(`did not open ${afterTries} times (the last: ${e.code == 1006 ? `refused, or not open within ${afterMs} ms` : `close code ${e.code}`})`)
  }
}

/** Development: why the page went on over HTTP. */
const fellBack = (reason: string) =>
  report({ code: 'transport-fallback', msg: `the WebSocket ${reason}: the page goes on over HTTP (the fallback option), and tries the WebSocket again when it reconnects (the server ends HTTP streams after the fallback option's retryMs). A proxy or the network refuses WebSocket upgrades (nginx: proxy_set_header Upgrade, Connection)`, dev: {} })

/**
 * Back online, or a hidden tab shown again: a socket that is not open tries again at once instead of waiting out its
 * backoff; an attempt still opening is dropped (made offline, it may hang until the `afterMs` timer).
 */
export const reconnect = (ws = link.ws!) => ws.readyState != 1 && ((ws.onclose = () => {}), ws.close(), clearTimeout(retry), connect())

function receive(m: Message): void {
  const { t, id } = m
  if (call(/* @__KEY__ */ 'take', m)) return
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
  for (const handlers of each(/* @__KEY__ */ 'messages')) handlers[t]?.(m, el)
}

/** A render; an element not started yet (a placeholder: it had no component) starts with its first one. */
function render(el: Element, m: Message): void {
  const h = heldOf(m.id)
  const html = m.html ?? (m.d && h.last != null ? apply(h.last, m.d) : null)
  const fresh = !started.has(el)
  if (html != null) {
    morph(el, html, h.last)
    h.last = html
  }
  if (fresh) start(el)
}

/** The core's own messages: a component's error, its removal, and in development a warning. */
export const messages: Feature['messages'] = {
  err(m, el) {
    console.error(`reactor: ${m.code}: ${m.msg}`)
    hook(el ?? document.body, 'error', m)
    if (__DEV__) report(m)
    // a token from a rotated key or an old page (replayed: the back button): load the page again, at most once a minute
    if (/^(expired|unknown-key|replayed)$/.test(m.code!) && Date.now() - (+sessionStorage.reactorReload || 0) > 6e4) {
      sessionStorage.reactorReload = Date.now()
      location.reload()
    }
  },
  rm: (m, el) => el && (leave(el), el.remove()),
  ...(__DEV__ && {
    warn(m: Message) {
      console.warn(`reactor: ${m.code}: ${m.msg}`)
      report(m)
    },
  }),
}
