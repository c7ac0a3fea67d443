// The shape of a token's claims, checked once its signature holds: a signed token from another version of the
// library (or a bug) must be refused with a code, never reach the socket as claims of the wrong types.
import { TokenError, type Claims } from './token.js'

const isText = (v: unknown) => typeof v === 'string'
const isTime = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v)
const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v)

const required: Record<string, (v: unknown) => boolean> = { cmp: isText, cid: isText, sid: isText, ver: isText, exp: isTime, st: isObject }
const optional: Record<string, (v: unknown) => boolean> = {
  pid: isText,
  sub: (v) => Array.isArray(v) && v.every(isText),
  seq: (v) => isTime(v) && (v as number) >= 0,
  iat: isTime,
  sl: isText,
  rpl: isText,
}

/** The claims, if every claim has its type; otherwise TokenError `malformed` naming the first that has not. */
export function checkClaims(payload: Record<string, unknown>): Claims {
  for (const [name, ok] of Object.entries(required)) if (!ok(payload[name])) throw wrong(name)
  for (const [name, ok] of Object.entries(optional)) if (payload[name] !== undefined && !ok(payload[name])) throw wrong(name)
  return payload as unknown as Claims
}

function wrong(claim: string): TokenError {
  return new TokenError('malformed', `the token's claim "${claim}" is missing or of the wrong type; reload the page`)
}
