// The shape of a token's claims, checked once its signature holds: a signed token from another version of the
// library (or a bug) must be refused with a code, never reach the socket as claims of the wrong types. The core's
// claims are here; each capability declares its own (core/plugin.ts `claims`), and all are checked from here.
import type { ClaimCheck } from './plugin.js'

const isText = (v: unknown) => typeof v === 'string'
const isTime = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v)
const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v)

const required: Record<string, ClaimCheck | undefined> = { cmp: isText, cid: isText, sid: isText, ver: isText, exp: isTime, st: isObject }
const optional: Record<string, ClaimCheck | undefined> = {
  pid: isText,
  sub: (v) => Array.isArray(v) && v.every(isText),
  seq: (v) => isTime(v) && (v as number) >= 0,
  iat: isTime,
}

/** Adds a capability's claims to those checked; a name the core or another capability owns is refused. */
export function declareClaims(owner: string, claims: Record<string, ClaimCheck>): void {
  for (const [name, check] of Object.entries(claims)) {
    const known: ClaimCheck | undefined = Object.hasOwn(optional, name) ? optional[name] : required[name]
    if (known === check) continue
    if (known) throw new Error(`koa-reactor: the plugin "${owner}" declares the claim "${name}", which is already taken; choose another name`)
    optional[name] = check
  }
}

/** The name of the first claim missing or of the wrong type; undefined when every claim has its type. */
export function wrongClaim(payload: Record<string, unknown>): string | undefined {
  for (const name in required) if (!required[name]!(payload[name])) return name
  for (const name in optional) if (payload[name] !== undefined && !optional[name]!(payload[name])) return name
  return undefined
}

/** Whether the token carries any of `names` (a capability's claims): then that capability follows it. */
export function carriesAny(claims: object, names: readonly string[]): boolean {
  for (let i = 0; i < names.length; i++) if ((claims as Record<string, unknown>)[names[i]] !== undefined) return true
  return false
}
