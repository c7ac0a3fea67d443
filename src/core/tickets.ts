// One signed ticket, for what the server hands the browser to bring back later (flash's messages for the next
// page, a lazy component's name and props): a JWS in the state token's format, signed with the same keys, bound
// to the browser session, expiring, and issued under a name no component has, so it cannot pass for a state token.
import type { Key, KeyRing } from './keys.js'
import { open, signPayload } from './token.js'

export interface TicketOf {
  /** the ticket's kind, in the `cmp` claim (no component has it) */
  readonly kind: string
  /** the element it is for, in the `cid` claim (default: the kind) */
  readonly id?: string
}

/** Signs the ticket for `session`, valid `ttl` seconds; `state` makes what it carries (with the key: to seal some). */
export function signTicket(ring: KeyRing, { kind, id = kind }: TicketOf, session: string, ttl: number, state: (key: Key) => Record<string, unknown>): string {
  const key = ring.current
  const iat = Math.floor(Date.now() / 1000)
  const claims = { cmp: kind, cid: id, sid: ring.bindSession(key, session), ver: '', iat, exp: iat + ttl, st: state(key) }
  return signPayload(key, JSON.stringify(claims))
}

/** What a ticket of this kind (and element) carries for `session`, with the key that signed it; throws TokenError. */
export function openTicket(ring: KeyRing, token: unknown, { kind, id }: TicketOf, session: string): { state: Record<string, unknown>; key: Key } {
  const { claims, key } = open(ring, token, { session, cmp: kind, cid: id })
  return { state: claims.st, key }
}
