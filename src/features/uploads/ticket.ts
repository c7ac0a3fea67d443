// An upload ticket: what lets a browser PUT the bytes of one announced file to any node over HTTP. The socket
// that checked the file against the component's rules signs it (the store key, the size, the session's binding,
// an expiry); the node that receives the PUT verifies it and needs nothing else.
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { KeyRing } from '../../core/keys.js'

export interface Ticket {
  /** the store key of the upload (bound to its session, component and reference) */
  k: string
  /** the file's size in bytes */
  s: number
  /** the session binding (never the session id itself) */
  b: string
  /** expiry, seconds since the epoch */
  e: number
  /** the signing key's id */
  i: string
}

/** How long a ticket may be used: a browser that takes longer asks its socket for a new one. */
export const TICKET_SECONDS = 3600

const mac = (key: Buffer, body: string) => createHmac('sha256', key).update(`koa-reactor upload\0${body}`).digest()

export function signTicket(ring: KeyRing, sessionId: string, storeKey: string, size: number, seconds = TICKET_SECONDS): string {
  const key = ring.current
  const ticket: Ticket = { k: storeKey, s: size, b: ring.bindSession(key, sessionId), e: Math.floor(Date.now() / 1000) + seconds, i: key.kid }
  const body = Buffer.from(JSON.stringify(ticket)).toString('base64url')
  return `${body}.${mac(key.state, body).toString('base64url')}`
}

/** The ticket's claims, or why it is refused (forged, expired, another session's, or not a ticket). */
export function openTicket(ring: KeyRing, text: string, sessionId: string): Ticket | string {
  const [body, sig, extra] = text.split('.')
  if (!body || !sig || extra !== undefined || text.length > 1000) return 'this is not an upload ticket'
  let ticket: Ticket
  try {
    ticket = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Ticket
  } catch {
    return 'this is not an upload ticket'
  }
  const key = ring.find(ticket?.i)
  const given = Buffer.from(sig, 'base64url')
  const expected = key && mac(key.state, body)
  if (!key || !expected || given.length !== expected.length || !timingSafeEqual(given, expected)) return 'the upload ticket is forged or was signed with a retired secret'
  if (typeof ticket.k !== 'string' || !Number.isSafeInteger(ticket.s) || typeof ticket.e !== 'number') return 'this is not an upload ticket'
  if (ticket.e < Date.now() / 1000) return 'the upload ticket has expired'
  if (!sessionId || ticket.b !== ring.bindSession(key, sessionId)) return "the upload ticket is another browser session's"
  return ticket
}
