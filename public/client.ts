// The browser client: joins the components already on the page, sends their events in order,
// applies the renders with morphdom, and survives reconnects (rejoin from the tokens in the DOM, re-send the outbox).
import { apply, hash, patchToken, type Diff } from '../src/diff'
import { parseArgs } from './args'
import { serialize } from './form'
import { morph } from './morph'
import { modifiersPass } from './modifiers'

const ROOT = '[reactor-component]'

interface Sent {
  id: string
  n: string
  a?: Record<string, unknown>
  q: number
  el?: Element
}
interface Held {
  /** the last sequence number used */
  q: number
  /** the HTML (with `state=""`) last received: the base of the next diff */
  last?: string
  /** events sent and not answered yet, in order */
  out: Sent[]
}
interface Message {
  t: string
  id?: string
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
}

const held = new Map<string, Held>()
const page = Math.random().toString(36).slice(2, 10)
const script = document.currentScript as HTMLScriptElement
let socket: WebSocket | undefined
let tries = 0

const roots = () => Array.from(document.querySelectorAll(ROOT))
const heldOf = (id: string) => held.get(id) ?? held.set(id, { q: 0, out: [] }).get(id)!
const emit = (el: EventTarget, name: string, detail?: unknown) => el.dispatchEvent(new CustomEvent(`reactor:${name}`, { bubbles: true, detail }))

function put(msg: object): void {
  if (socket?.readyState === 1) socket.send(JSON.stringify(msg))
}

function connect(): void {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${script.dataset.url}`
  const ws = (socket = new WebSocket(url))
  ws.onopen = () => {
    tries = 0
    const c = roots().map((el) => {
      el.classList.remove('reactor-disconnected')
      const last = held.get(el.id)?.last
      return { id: el.id, tok: el.getAttribute('state'), h: last && hash(last) }
    })
    put({ t: 'join', p: page, c })
    for (const h of held.values()) for (const { id, n, a, q } of h.out) put({ t: 'ev', id, n, a, q })
  }
  ws.onmessage = (e) => receive(JSON.parse(e.data))
  ws.onclose = () => {
    if (socket !== ws) return
    for (const el of roots()) el.classList.add('reactor-disconnected')
    setTimeout(connect, Math.min(10_000, 250 * 2 ** tries++) * (0.5 + Math.random() / 2))
  }
}

/** Sends `name` with `args` (or the enclosing form's fields) to the component that holds `el`. */
export function send(el: Element, name: string, args?: Record<string, unknown>): void {
  const root = el.closest(ROOT)
  if (!root) return
  const form = el.closest('form')
  const fields = serialize(form && root.contains(form) ? form : root)
  const h = heldOf(root.id)
  const ev: Sent = { id: root.id, n: name, a: args ? { ...fields, ...args } : fields, q: ++h.q, el }
  h.out.push(ev)
  loading(ev, true)
  put({ t: 'ev', id: ev.id, n: ev.n, a: ev.a, q: ev.q })
}

function loading({ el, id }: Sent, on: boolean): void {
  const root = document.getElementById(id)
  for (const node of [el, root]) {
    node?.toggleAttribute('reactor-loading', on)
    node?.classList.toggle('reactor-loading', on)
  }
  if (el?.hasAttribute(':disable')) (el as HTMLButtonElement).disabled = on
  if (!on && held.get(id)?.out.length) root?.classList.add('reactor-loading')
}

/** Events up to `q` are answered: out of the outbox, loading marks off. */
function settle(id: string, q: number): void {
  const h = heldOf(id)
  const done = h.out.filter((e) => e.q <= q)
  h.out = h.out.filter((e) => e.q > q)
  for (const ev of done) loading(ev, false)
}

function receive(m: Message): void {
  const el = m.id ? document.getElementById(m.id) : null
  if (m.id && m.q) settle(m.id, m.q)
  if (m.t === 'r' && el) {
    const h = heldOf(el.id)
    const html = m.html ?? (m.d && h.last !== undefined ? apply(h.last, m.d) : undefined)
    const tok = m.tok ?? (m.s && patchToken(el.getAttribute('state')!, m.p!, m.s))
    if (tok) el.setAttribute('state', tok)
    if (html !== undefined) {
      h.last = html
      morph(el, html.replace('state=""', `state="${el.getAttribute('state')}"`))
      bind(el)
    }
  } else if (m.t === 'ack' && el && m.tok) el.setAttribute('state', m.tok)
  else if (m.t === 'err') {
    console.error(`reactor: ${m.code}: ${m.msg}`)
    emit(el ?? document, 'error', m)
    // a token from a rotated key or an old page: load the page again, at most once a minute
    const last = Number(sessionStorage.getItem('reactor-reload'))
    if ((m.code === 'expired' || m.code === 'unknown-key') && Date.now() - last > 60_000) {
      sessionStorage.setItem('reactor-reload', String(Date.now()))
      location.reload()
    }
  } else if (m.t === 'rm') el?.remove()
  else if (m.t === 'visit') visit(m.url!, { action: m.action })
  else if (m.t === 'focus') el?.querySelector<HTMLElement>(m.sel!)?.focus()
}

/** Navigates: `replace` and `advance` change the URL (through Turbo when present); `redirect` loads it. */
export function visit(url: string, { action = 'advance' }: { action?: string } = {}): void {
  const turbo = (window as { Turbo?: { visit(url: string, o: object): void } }).Turbo
  try {
    if (action === 'redirect') location.assign(url)
    else if (turbo) turbo.visit(url, { action })
    else history[action === 'replace' ? 'replaceState' : 'pushState'](null, '', url)
  } catch {
    location.assign(url)
  }
}

const bound = new Set<string>()

/** Listens (once, on the document) to every event type an `on:<event>` attribute under `root` names. */
function bind(root: Element): void {
  for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
    for (const { name } of Array.from(el.attributes)) {
      const type = name.startsWith('on:') && name.slice(3).split('.')[0]
      if (type && !bound.has(type)) {
        bound.add(type)
        document.addEventListener(type, dispatch, true)
      }
    }
  }
}

function dispatch(e: Event): void {
  for (let el = e.target as Element | null; el?.attributes; el = el.parentElement) {
    let stop = false
    for (const { name, value } of Array.from(el.attributes)) {
      const [on, ...mods] = name.split('.')
      if (on !== `on:${e.type}`) continue
      stop ||= mods.includes('stop')
      modifiersPass(e, el, mods, value, () => {
        const space = value.indexOf(' ')
        const handler = space < 0 ? value : value.slice(0, space)
        if (handler) send(el!, handler, space < 0 ? undefined : parseArgs(value.slice(space + 1), { this: el, event: e }))
      })
    }
    if (stop) return
  }
}

function start(): void {
  for (const el of roots()) {
    bind(el)
    emit(el, 'init')
  }
  connect()
}

;(window as unknown as { reactor: object }).reactor = { send, visit }
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start)
else start()
