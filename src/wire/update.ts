// What the browser is sent after a render: a diff against the HTML it holds (or the whole HTML), the new token
// as a patch of the one it holds (or whole), an acknowledgement, or nothing at all.
import { diff, type Diff } from '../core/diff.js'
import type { Rendered } from '../core/engine.js'
import type { ServerMessage } from './protocol.js'
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
export function update(live: BrowserCopy, rendered: Rendered, q?: number): ServerMessage | undefined {
  const id = rendered.claims.cid
  if (live.base === rendered.bare) {
    if (JSON.stringify(tokenWorthy(rendered.claims)) !== JSON.stringify(tokenWorthy(live.claims))) {
      return { id, ...token(live, rendered), q }
    }
    return q === undefined ? undefined : { t: 'ack', id, q }
  }
  const d = live.diffable && live.base !== undefined ? diff(live.base, rendered.bare) : null
  return { id, ...token(live, rendered), ...(d ? { d } : { html: rendered.bare }), q }
}

/** What a new token must reach the browser for: its state, its subscriptions, and with replay protection its seq. */
function tokenWorthy({ st, sub, pre, rpl, seq }: Claims): unknown[] {
  return [st, sub, pre, rpl && seq]
}

/** The new token as a diff of the payload of the one the browser holds (a few bytes change), or whole;
 * nothing when it is the token the browser holds (the same claims sign the same). */
function token(live: BrowserCopy, { token, payload }: Rendered): { tok: string } | { p: Diff; s: string } | object {
  if (token === live.token) return {}
  const sameHeader = live.token.slice(0, live.token.indexOf('.')) === token.slice(0, token.indexOf('.'))
  const p = sameHeader ? diff((live.payload ??= payloadOf(live.token)), payload) : null
  return p ? { p, s: token.slice(token.lastIndexOf('.') + 1) } : { tok: token }
}
