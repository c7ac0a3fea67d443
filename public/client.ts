// The browser client: joins the components already on the page, sends their events in order, applies the
// renders with morphdom, and survives reconnects (rejoin from the tokens in the DOM, re-send the outbox).
import { apply, patchToken, type Diff } from '../src/core/diff.js'
import { hook } from './hooks.js'
import { join, leave, start, watch } from './life.js'
import { morph } from './morph.js'
import { overlay, type DevError } from './overlay.js'
import { mark, send, settle } from './send.js'
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
  ref?: string
  at?: number
  dev?: DevError['dev']
}

let tries = 0
let opened = false

const disconnected = (on: boolean) => roots().forEach((el) => el.classList.toggle('reactor-disconnected', on))

function connect(): void {
  const ws = (link.ws = new WebSocket(`ws${location.protocol.slice(4, -1)}://${location.host}${me.dataset.url}`))
  ws.onopen = () => {
    tries = 0
    join(roots(), opened)
    opened = true
    // re-sent: their answers may have been lost with the old socket (r lets another node answer from the state they left)
    for (const h of held.values()) h.out.forEach((p) => put({ ...p.m, r: 1 }))
    resume()
    disconnected(false)
  }
  ws.onmessage = (e) => receive(JSON.parse(e.data))
  ws.onclose = () => {
    disconnected(true)
    setTimeout(connect, Math.min(1e4, 250 * 2 ** tries++) * (0.5 + Math.random() / 2))
  }
}

function receive(m: Message): void {
  const { t, id } = m
  if (onUpload(m)) return
  const el = byId(id)
  if (m.q) settle(id, m.q)
  // the new token: whole, or the held one with its payload patched and the new signature
  const tok = m.tok ?? (m.s && el && patchToken(el.getAttribute('state')!, m.p!, m.s))
  if (tok) el?.setAttribute('state', tok)
  if (t == 'r' && el) {
    const h = heldOf(id)
    const html = m.html ?? (m.d && h.last != null ? apply(h.last, m.d) : null)
    if (html != null) morph(el, (h.last = html).replace('state=""', `state="${el.getAttribute('state')}"`))
    mark(id)
  } else if (t == 'err') {
    console.error(`reactor: ${m.code}: ${m.msg}`)
    hook(el ?? document.body, 'error', m)
    overlay(m)
    // a token from a rotated key or an old page (replayed: the back button): load the page again, at most once a minute
    if (/^(expired|unknown-key|replayed)$/.test(m.code!) && Date.now() - (+sessionStorage.reactorReload || 0) > 6e4) {
      sessionStorage.reactorReload = Date.now()
      location.reload()
    }
  } else if (t == 'rm' && el) {
    leave(el)
    el.remove()
  } else if (t == 'visit') visit(m.url!, m)
  else if (t == 'focus') el?.querySelector<HTMLElement>(m.sel!)?.focus()
}

/** Navigates: `replace` and `advance` change the URL (through Turbo when present), `redirect` loads it. */
function visit(url: string, { action = 'advance' }: { action?: string } = {}): void {
  const turbo = (window as { Turbo?: { visit(url: string, o: object): void } }).Turbo
  try {
    if (action == 'redirect') location.assign(url)
    else if (turbo) turbo.visit(url, { action })
    else history[action == 'replace' ? 'replaceState' : 'pushState'](null, '', url)
  } catch {
    location.assign(url)
  }
}

function boot(): void {
  roots().forEach(start)
  warnStrays()
  watch()
  connect()
}

;(window as unknown as { reactor: object }).reactor = { send, visit }
if (document.readyState == 'loading') addEventListener('DOMContentLoaded', boot)
else boot()
