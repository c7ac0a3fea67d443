// What the browser is sent after a render: a diff against the HTML it holds (or the whole HTML), the new token
// as a patch of the one it holds (or whole), an acknowledgement, or nothing at all.
import { diff, diffAt, type Diff } from '../core/diff.js'
import type { Rendered } from '../core/engine.js'
import type { RenderMessage, ServerMessage } from './protocol.js'
import { payloadOf, type Claims } from '../core/token.js'

/** What the browser holds of one component, as far as this socket knows. */
export interface BrowserCopy {
  /** the newest token this socket has seen for it, its verified claims, and its payload's JSON text */
  token: string
  claims: Claims
  payload?: string
  /** the HTML (with `state=""`) the browser shows, when known */
  base?: string
  /** each child component's HTML as `base` holds it (the browser keeps that text; the child renders itself) */
  childHtml?: Map<string, string>
  /** whether the browser holds `base` as text, so that a diff against it can be applied (not so for a child) */
  diffable?: boolean
}

/** The message for `rendered`, the render of `live` (answering event `q`, if any), or undefined: nothing to send. */
export function update(live: BrowserCopy, rendered: Rendered, q?: number, shown: Shown = NONE): ServerMessage | undefined {
  const id = rendered.claims.cid
  // (the message is built field by field, in the order it is sent: a literal with spreads is built on a slower path)
  const same = live.base === rendered.bare
  if (same && JSON.stringify(tokenWorthy(rendered.claims, shown)) === JSON.stringify(tokenWorthy(live.claims, shown))) {
    return q === undefined ? undefined : { t: 'ack', id, q }
  }
  const msg: RenderMessage = { id }
  addToken(msg, live, rendered)
  if (!same) {
    const d = live.diffable && live.base !== undefined ? diff(live.base, rendered.bare) : null
    if (d) msg.d = d
    else msg.html = rendered.bare
  }
  msg.q = q
  return msg
}

/** What of a token's claims a capability shows the browser (replay: its seq), in the plugins' order. */
type Shown = readonly ((claims: Claims) => unknown)[]

const NONE: Shown = []

/** What a new token must reach the browser for: its state, its subscriptions, and what capabilities show. */
function tokenWorthy(claims: Claims, shown: Shown): unknown[] {
  const worthy: unknown[] = [claims.st, claims.sub]
  for (const of of shown) worthy.push(of(claims))
  return worthy
}

/** The new token as a diff of the payload of the one the browser holds (a few bytes change), or whole;
 * nothing when it is the token the browser holds (the same claims sign the same). */
function addToken(msg: RenderMessage, live: BrowserCopy, { token, payload }: Rendered): void {
  if (token === live.token) return
  const sameHeader = live.token.slice(0, live.token.indexOf('.')) === token.slice(0, token.indexOf('.'))
  const p = sameHeader ? payloadDiff((live.payload ??= payloadOf(live.token)), payload) : null
  if (!p) msg.tok = token
  else {
    msg.p = p
    msg.s = token.slice(token.lastIndexOf('.') + 1)
  }
}

/** A payload's diff: its `seq` apart from the rest (seal puts `seq` first, then `st`: the two change together,
 * and apart each change is found by its common ends; `[8,-1,"2",17,-1,"2"]` rather than a token search). */
function payloadDiff(held: string, next: string): Diff | null {
  const at = held.indexOf(STATE)
  const atNext = next.indexOf(STATE)
  return at > 0 && atNext > 0 ? diffAt(held, next, at, atNext) : diff(held, next)
}

const STATE = ',"st":'
