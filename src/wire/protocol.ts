// The messages on the WebSocket, both ways. JSON; short keys because every event pays for them.
import type { Diff } from '../core/diff.js'
import { oversized, type Limits } from './limits.js'
import { isObject, nest } from './fields.js'
import type { SocketMessage } from './plugin.js'

/** A client command as the page runs it (features/commands.ts): its name, then its arguments. */
export type Command = [name: string, ...args: unknown[]]

/** A component the page holds: its element id, its token, and the hash of the last HTML it received. */
export interface Held {
  id: string
  tok: string
  /** hash of the HTML the client last received for it (lets the server diff against it) */
  h?: string
}

export type ClientMessage =
  /** p: the page instance id (with id and seq it forms the idempotency key of an event); r: 1 after a reconnect */
  | { t: 'join'; p: string; c: Held[]; r?: 1 }
  /** n: handler name; a: arguments; f: the form's fields as [name, value] pairs (nested into the arguments
   * by wire/fields.ts, under `a`); q: sequence number; tok: the token, when this socket may not have it;
   * r: 1 when re-sent after a reconnect (its answer may have been lost) */
  | { t: 'ev'; id: string; n: string; a?: Record<string, unknown>; f?: Array<[string, unknown]>; q: number; tok?: string; r?: 1 }
  | { t: 'leave'; id: string }
  /** the tickets of lazy components to mount (features/lazy.ts): `tok` is the ticket */
  | { t: 'lazy'; c: Held[] }

/**
 * A render: a diff `d` against the HTML the browser holds, or whole `html`; the new token whole (`tok`) or as a
 * diff `p` of the held token's payload and its new signature `s`; `q` acknowledges an event. The one message
 * without a type `t`: every click is answered with one, and `"t":"r",` was 8 of its bytes.
 */
export interface RenderMessage {
  t?: undefined
  id: string
  tok?: string
  p?: Diff
  s?: string
  d?: Diff
  html?: string
  q?: number
}

export const isRender = (m: ServerMessage): m is RenderMessage => m.t === undefined

export type ServerMessage =
  | RenderMessage
  /** an event handled with nothing to re-render */
  | { t: 'ack'; id: string; q: number; tok?: string }
  /** dev: in development only, what the page's error overlay shows; ref: the upload it is about */
  | { t: 'err'; id?: string; q?: number; ref?: string; code: string; msg: string; dev?: DevDetail }
  /** development only: a mistake that fails silently (a warning the server also logged), for the overlay */
  | { t: 'warn'; id?: string; code: string; msg: string; dev: DevDetail }
  /** upload `ref`: send from byte `at` on, over this socket, or with ticket `u` over HTTP (features/uploads/http.ts) */
  | { t: 'up'; ref: string; at: number; u?: string }
  /** upload `ref` is complete */
  | { t: 'upd'; ref: string }
  | { t: 'rm'; id: string; q?: number }
  /** f: flash messages for the next page, signed (the client keeps them in a cookie for it) */
  | { t: 'visit'; url: string; action: 'advance' | 'replace' | 'redirect'; f?: string }
  /** flash messages to show now, as the layout's `flash()` shows them */
  | { t: 'flash'; html: string }
  /** client commands from a handler (`this.js()`), run from component `id` */
  | { t: 'js'; id: string; c: Command[] }
  | { t: 'focus'; id: string; sel: string }
  /** state in the URL moved: `set` the query parameters to set (null removes one); push: a new history entry */
  | { t: 'url'; set: Record<string, string | string[] | null>; push?: 1 }
  /** development only (features/develop/live-reload.ts): templates changed; n: the components whose renders follow
   * (the page keeps what was typed in them), v: the version of the page's templates (another one: fetch the page again) */
  | { t: 'reload'; n?: string[]; v?: string }

/** The details of an error in development: the component, the handler of the event, the server's stack. */
export interface DevDetail {
  component?: string
  handler?: string
  stack?: string
}

/** the longest element id, handler name or page id the wire accepts (and echoes) */
export const MAX_ID = 200
/** the longest error message sent or logged: what the browser sent is echoed at most this long */
export const MAX_ECHO = 300

/** `text` cut to `max` characters, saying how long it was. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`
}

export class ProtocolError extends Error {
  constructor(readonly code: string, message: string, readonly id?: string, readonly q?: number) {
    super(message)
  }
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID

/** Parses and checks one frame from the browser against the socket's limits; throws ProtocolError with what is wrong. */
export function parseClientMessage(raw: string, limits: Limits, added?: ReadonlyMap<string, SocketMessage>): ClientMessage | PluginMessage {
  if (raw.length > limits.messageBytes) throw new ProtocolError('too-large', `messages are limited to ${limits.messageBytes} characters (the limits option messageBytes)`)
  let msg: unknown
  try {
    msg = JSON.parse(raw)
  } catch {
    throw new ProtocolError('bad-json', 'the message is not valid JSON')
  }
  if (!isObject(msg)) throw new ProtocolError('bad-message', 'the message must be a JSON object with a type `t`')
  const id = isString(msg.id) ? msg.id : undefined
  const wrong = oversized(msg, limits)
  if (wrong) throw new ProtocolError(wrong.code, wrong.msg, id, sequenceOf(msg.q))
  switch (msg.t) {
    case 'join':
      if (!isString(msg.p) || !Array.isArray(msg.c)) throw new ProtocolError('bad-message', 'join needs a page id p and a list of components c')
      if (msg.c.length > limits.componentsPerJoin) {
        throw new ProtocolError('too-many-components', `a join may hold ${limits.componentsPerJoin} components at most (the limits option componentsPerJoin)`)
      }
      return { t: 'join', p: msg.p, c: msg.c.filter(isObject).map(heldOf), ...(msg.r === 1 ? { r: 1 } : {}) }
    case 'ev': {
      const q = sequenceOf(msg.q)
      if (!id || !isString(msg.n) || q === undefined) {
        throw new ProtocolError('bad-message', 'an event needs an id, a handler name n and a sequence number q >= 1', id)
      }
      if (msg.a !== undefined && !isObject(msg.a)) throw new ProtocolError('bad-arguments', 'event arguments a must be an object', id, q)
      if (msg.f !== undefined && !isFields(msg.f)) throw new ProtocolError('bad-arguments', 'form fields f must be a list of [name, value] pairs', id, q)
      if (msg.tok !== undefined && typeof msg.tok !== 'string') throw new ProtocolError('malformed', 'the state token tok must be a string', id, q)
      const a = msg.f ? { ...nest(msg.f), ...msg.a } : msg.a
      const deep = msg.f && oversized(a, limits)
      if (deep) throw new ProtocolError(deep.code, deep.msg, id, q)
      const event: Extract<ClientMessage, { t: 'ev' }> = { t: 'ev', id, n: msg.n, a, q, tok: msg.tok }
      if (msg.r === 1) event.r = 1
      return event
    }
    case 'leave':
      if (!id) throw new ProtocolError('bad-message', 'leave needs an id')
      return { t: 'leave', id }
    default: {
      const plugin = typeof msg.t === 'string' ? added?.get(msg.t) : undefined
      if (plugin) return { t: msg.t as string, plugin, msg: plugin.parse(msg, limits) }
      throw new ProtocolError('unknown-type', `unknown message type ${clip(String(JSON.stringify(msg.t)), 40)}; expected ${known(added)}`, id)
    }
  }
}

/** The message types this socket takes: a page's join and events first, then the others by name. */
function known(added?: ReadonlyMap<string, unknown>): string {
  const types = ['join', 'ev', ...['leave', ...(added?.keys() ?? [])].sort()]
  return `${types.slice(0, -1).join(', ')} or ${types.at(-1)}`
}

/** A message of a type a capability added (wire/plugin.ts), checked by its parser. */
export interface PluginMessage {
  t: string
  plugin: SocketMessage
  msg: object
}

const isFields = (f: unknown): f is Array<[string, unknown]> =>
  Array.isArray(f) && f.every((pair) => Array.isArray(pair) && pair.length == 2 && typeof pair[0] == 'string')

function sequenceOf(q: unknown): number | undefined {
  return typeof q === 'number' && Number.isSafeInteger(q) && q >= 1 ? q : undefined
}

/** A component (or a ticket) as a message lists it. */
export function heldOf(c: Record<string, unknown>): Held {
  // a token that is not a string is left empty: refused as malformed, never converted
  return { id: String(c.id ?? ''), tok: typeof c.tok === 'string' ? c.tok : '', h: typeof c.h === 'string' ? c.h : undefined }
}
