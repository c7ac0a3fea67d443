// What the page holds for each component, and the one socket: the state the client's modules share.

export { FIELD, ROOT } from '../../src/wire/form-fields.js'
import { ROOT } from '../../src/wire/form-fields.js'
import { call } from './feature.js'

/** An event sent and not answered yet: the message, and the element that fired it (for the loading marks). */
export interface Pending {
  m: { t: 'ev'; id: string; n: string; a?: Record<string, unknown>; f?: Array<[string, unknown]>; q: number }
  el?: Element
  /** fired by the submit event of the form `el`: its `:disable` elements are disabled too */
  submit?: boolean
}

export interface Held {
  /** the last sequence number used */
  q: number
  /** the HTML (with `state=""`) last received: the base of the next diff */
  last?: string
  /** the outbox: events sent and not answered yet, in order */
  out: Pending[]
}

export const held = new Map<string, Held>()
export const heldOf = (id: string): Held => held.get(id) ?? held.set(id, { q: 0, out: [] }).get(id)!

/** This page instance; with a component id and a sequence number it makes the idempotency key of an event. */
export const key = () => Math.random().toString(36).slice(2)
export const page = key()
/** A history entry (a new one, or `replace` this one) with its key `rx`: what Back and Forward find a page by. */
export const entry = (replace: unknown, url: string | URL, rx = key()) => history[replace ? 'replaceState' : 'pushState']({ rx }, '', url)
/** The client's own <script>: its `data-url` names the socket, its nonce is lent to scripts a render inserts. */
export const me = document.currentScript as HTMLScriptElement
/** the socket; `bare`: it opened while the page had no components (the browser may have had no session cookie yet) */
export const link: { ws?: WebSocket; bare?: boolean } = {}

export const put = (msg: object): void => {
  if (link.ws?.readyState == 1) __DEV__ ? relay(link.ws, JSON.stringify(msg)) : link.ws.send(JSON.stringify(msg))
}

/** Development: a capability may hold a message back (the latency simulator); it goes only on the socket it was meant for. */
function relay(ws: WebSocket, frame: string): void {
  if (!call(/* @__KEY__ */ 'relay', frame, true, (later) => ws.readyState == 1 && ws.send(later))) ws.send(frame)
}

/** The page's <html>: where the connection's state and the navigation's bar show. */
export const html = document.documentElement
export const byId = (id: string) => document.getElementById(id)
export const roots = () => [...document.querySelectorAll(ROOT)]
