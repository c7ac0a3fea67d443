// The state token: a compact JWS (HS256) that jose.compactVerify accepts, signed and checked with
// node:crypto's HMAC (about 7 µs where jose's WebCrypto path costs 100-230 µs on the event path).
import { createHmac, timingSafeEqual } from 'node:crypto'
import { wrongClaim } from './claims.js'
import type { Key, KeyRing } from './keys.js'

export const TOKEN_TYPE = 'rx'
export const MAX_TOKEN_BYTES = 64 * 1024

export interface Claims {
  /** component name (registry tag) */
  cmp: string
  /** instance id */
  cid: string
  /** session binding: an HMAC of the browser session id */
  sid: string
  /** version of the component's code */
  ver: string
  /** issue time: no longer written (`exp` is what is checked; every token pays for its bytes) */
  iat?: number
  exp: number
  /** the parent component's id, for nested components */
  pid?: string
  /** the broadcast names the component is subscribed to */
  sub?: string[]
  /** the presence topics the component is on, with its meta */
  pre?: Record<string, Record<string, unknown>>
  /** the last event sequence number applied to this state (for de-duplication) */
  seq?: number
  /** the mount's replay id, for components that opt in to replay protection */
  rpl?: string
  /** the component's state fields */
  st: Record<string, unknown>
}

export type TokenFailure =
  | 'malformed'
  | 'too-large'
  | 'unknown-key'
  | 'bad-algorithm'
  | 'bad-signature'
  | 'expired'
  | 'wrong-session'
  | 'wrong-component'
  | 'wrong-id'

export class TokenError extends Error {
  constructor(readonly reason: TokenFailure, message: string) {
    super(message)
  }
}

const headers = new WeakMap<Key, string>()

function encodedHeader(key: Key): string {
  let header = headers.get(key)
  if (!header) {
    header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: TOKEN_TYPE, kid: key.kid })).toString('base64url')
    headers.set(key, header)
  }
  return header
}

function mac(key: Key, input: string): Buffer {
  return createHmac('sha256', key.state).update(input).digest()
}

export function sign(key: Key, claims: Claims): string {
  return signPayload(key, JSON.stringify(claims))
}

/** Signs claims already serialised (`payload` is the JSON text the token carries). */
export function signPayload(key: Key, payload: string): string {
  const input = `${encodedHeader(key)}.${Buffer.from(payload).toString('base64url')}`
  return `${input}.${mac(key, input).toString('base64url')}`
}

/** A token and the JSON text of its payload, when known. */
export interface Signed {
  token: string
  payload?: string
}

/**
 * The token of `payload`: `held` (a token verified or signed here) itself when it carries that payload under
 * `key`, since the same text signs the same; no HMAC is computed again for a re-render whose claims did not
 * change (a broadcast's). Its payload's text is decoded once and kept on it.
 */
export function signAgain(key: Key, payload: string, held?: Signed): string {
  const header = encodedHeader(key)
  if (!held?.token.startsWith(header) || held.token[header.length] !== '.') return signPayload(key, payload)
  return (held.payload ??= payloadOf(held.token)) === payload ? held.token : signPayload(key, payload)
}

/** The JSON text of a token's payload (no checks: for tokens already verified). */
export function payloadOf(token: string): string {
  return Buffer.from(token.slice(token.indexOf('.') + 1, token.lastIndexOf('.')), 'base64url').toString('utf8')
}

export interface Expected {
  /** the browser session id (from the cookie) */
  session: string
  /** the component name the token must be for, when the caller knows it */
  cmp?: string
  /** the element id the token must be for */
  cid?: string
  now?: number
}

function decodeJson(part: string, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value
  } catch {
    // reported below
  }
  throw new TokenError('malformed', `the token's ${what} is not a JSON object`)
}

const BASE64URL = /^[A-Za-z0-9_-]+$/
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
/** the bits of the last character that no byte uses, by the part's length modulo 4 */
const UNUSED_BITS = [0, -1, 0b1111, 0b11]
const SIGNATURE_LENGTH = 43

/** Base64url as this server writes it: no padding, no other character, the unused low bits zero. */
function canonical(part: string): boolean {
  const unused = UNUSED_BITS[part.length % 4]
  return unused >= 0 && BASE64URL.test(part) && (ALPHABET.indexOf(part.at(-1)!) & unused) === 0
}

// A token has one spelling: Node's lenient decoder would also read padded, spaced or otherwise altered ones.
function mustBeCanonical(part: string, length = part.length): void {
  if (!canonical(part) || part.length !== length) {
    throw new TokenError('malformed', 'the state token is not spelled as this server wrote it (canonical base64url); send the token unchanged')
  }
}

/** Checks, in order: size, spelling, header, key and algorithm, signature (its spelling, then its value), expiry, binding. */
export function open(ring: KeyRing, token: unknown, expected: Expected): { claims: Claims; key: Key } {
  if (typeof token !== 'string' || token === '') throw new TokenError('malformed', 'the state token is missing (it must be a string)')
  if (token.length > MAX_TOKEN_BYTES) throw new TokenError('too-large', `the state token exceeds ${MAX_TOKEN_BYTES} bytes`)
  const parts = token.split('.')
  if (parts.length !== 3) throw new TokenError('malformed', 'the state token is not a compact JWS')
  mustBeCanonical(parts[0])
  mustBeCanonical(parts[1])
  const header = decodeJson(parts[0], 'header')
  if (header.alg !== 'HS256' || header.typ !== TOKEN_TYPE) {
    throw new TokenError('bad-algorithm', `the token's algorithm ${String(header.alg)} / type ${String(header.typ)} is not allowed`)
  }
  const key = ring.find(header.kid)
  if (!key) throw new TokenError('unknown-key', 'the token was signed with a key this server does not have (rotated out?)')
  mustBeCanonical(parts[2], SIGNATURE_LENGTH)
  const signature = Buffer.from(parts[2], 'base64url')
  const wanted = mac(key, `${parts[0]}.${parts[1]}`)
  if (signature.length !== wanted.length || !timingSafeEqual(signature, wanted)) {
    throw new TokenError('bad-signature', 'the state token was altered: its signature does not match')
  }
  const payload = decodeJson(parts[1], 'payload')
  const wrong = wrongClaim(payload)
  if (wrong) throw new TokenError('malformed', `the token's claim "${wrong}" is missing or of the wrong type; reload the page`)
  const claims = payload as unknown as Claims
  const now = expected.now ?? Math.floor(Date.now() / 1000)
  if (claims.exp < now) throw new TokenError('expired', 'the state token has expired; reload the page')
  if (claims.sid !== ring.bindSession(key, expected.session)) {
    throw new TokenError('wrong-session', 'the state token belongs to another browser session')
  }
  if (expected.cmp !== undefined && claims.cmp !== expected.cmp) {
    throw new TokenError('wrong-component', `the state token is for ${String(claims.cmp)}, not ${expected.cmp}`)
  }
  if (expected.cid !== undefined && claims.cid !== expected.cid) {
    throw new TokenError('wrong-id', `the state token is for element #${String(claims.cid)}, not #${expected.cid}`)
  }
  return { claims, key }
}
