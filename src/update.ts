// What the browser is sent after a render: a diff against the HTML it holds (or the whole HTML), the new token
// as a patch of the one it holds (or whole), an acknowledgement, or nothing at all.
import { diff, type Diff } from './diff.js'
import type { Rendered } from './engine.js'
import type { ServerMessage } from './protocol.js'
import { payloadOf, type Claims } from './token.js'

/** What this socket knows of one component the browser holds. */
export interface Live {
  id: string
  /** the newest token this socket has seen for it, its verified claims, and its payload's JSON text */
  token: string
  claims: Claims
  payload?: string
  /** the HTML (with `state=""`) the browser shows, when known */
  base?: string
  /** each child component's HTML as `base` holds it (the browser keeps that text; the child renders itself) */
  children?: Map<string, string>
  /** whether the browser holds `base` as text, so that a diff against it can be applied (not so for a child) */
  diffable?: boolean
  /** the hash of the HTML text the browser said it holds, until `base` is known */
  clientHash?: string
  /** events of one component run one at a time, in order */
  queue: Promise<void>
  /** broadcast names -> stop listening */
  listening: Map<string, () => void>
  /** the names of the broadcasts a queued re-render answers: more broadcasts meanwhile coalesce into it */
  pending?: Set<string>
}

/** The message for `rendered`, the render of `live` (answering event `q`, if any), or undefined: nothing to send. */
export function update(live: Live, rendered: Rendered, q?: number): ServerMessage | undefined {
  const { id } = live
  if (live.base === rendered.bare) {
    if (JSON.stringify([rendered.claims.st, rendered.claims.sub]) !== JSON.stringify([live.claims.st, live.claims.sub])) {
      return { t: 'r', id, ...token(live, rendered), q }
    }
    return q === undefined ? undefined : { t: 'ack', id, q }
  }
  const d = live.diffable && live.base !== undefined ? diff(live.base, rendered.bare) : null
  return { t: 'r', id, ...token(live, rendered), ...(d ? { d } : { html: rendered.bare }), q }
}

/** The new token as a diff of the payload of the one the browser holds (a few bytes change), or whole;
 * nothing when it is the token the browser holds (the same claims sign the same). */
function token(live: Live, { token, payload }: Rendered): { tok: string } | { p: Diff; s: string } | object {
  if (token === live.token) return {}
  const sameHeader = live.token.slice(0, live.token.indexOf('.')) === token.slice(0, token.indexOf('.'))
  const p = sameHeader ? diff((live.payload ??= payloadOf(live.token)), payload) : null
  return p ? { p, s: token.slice(token.lastIndexOf('.') + 1) } : { tok: token }
}
