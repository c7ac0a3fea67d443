// Sealed state fields: encrypted into the token, so the page that holds it cannot read them. They travel as
// one compact JWE (`dir`, A256GCM) in the signed payload's `sl` claim: the token stays bound and signed, and
// jose.compactDecrypt opens it. node:crypto does the work, synchronously, like the token's signature.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { lineage, type ComponentClass } from '../core/component.js'
import type { Key } from '../core/keys.js'
import type { Shape } from '../core/schema.js'
import { TokenError, type Claims } from '../core/token.js'
import type { Feature, Plugin } from '../koa/plugin.js'

const headers = new WeakMap<Key, string>()

function protectedHeader(key: Key): string {
  let header = headers.get(key)
  if (!header) headers.set(key, (header = Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A256GCM', kid: key.kid })).toString('base64url')))
  return header
}

/** The fields a class seals (its own `static sealed` and its ancestors'), each a declared state field kept out of the URL. */
export function sealedFields(cls: ComponentClass, state: Shape): string[] {
  const names = new Set<string>()
  for (const c of lineage(cls)) if (Object.hasOwn(c, 'sealed')) for (const name of c.sealed ?? []) names.add(name)
  const query = (cls as { query?: object }).query ?? {}
  for (const name of names) {
    if (!Object.hasOwn(state, name)) throw new Error(`${cls.name}.sealed names "${name}", which is not a state field; declare it in static state`)
    if (Object.hasOwn(query, name)) {
      throw new Error(`koa-reactor: ${cls.name} seals "${name}" and keeps it in the page's URL (static query), where it would be in clear; take it out of static sealed or static query`)
    }
  }
  return [...names]
}

/** Encrypts `values` under `key`'s sealing key: a compact JWE. */
export function seal(key: Key, values: Record<string, unknown>): string {
  const header = protectedHeader(key)
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key.seal, iv).setAAD(Buffer.from(header))
  const text = Buffer.concat([cipher.update(JSON.stringify(values)), cipher.final()])
  return `${header}..${iv.toString('base64url')}.${text.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`
}

/** Decrypts what `seal` wrote; throws TokenError when it cannot be opened. */
export function unseal(key: Key, jwe: unknown): Record<string, unknown> {
  const parts = typeof jwe === 'string' ? jwe.split('.') : []
  if (parts.length !== 5 || parts[0] !== protectedHeader(key) || parts[1] !== '') throw unopenable()
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.seal, Buffer.from(parts[2], 'base64url'))
      .setAAD(Buffer.from(parts[0]))
      .setAuthTag(Buffer.from(parts[4], 'base64url'))
    const values = JSON.parse(Buffer.concat([decipher.update(Buffer.from(parts[3], 'base64url')), decipher.final()]).toString('utf8'))
    if (typeof values === 'object' && values !== null && !Array.isArray(values)) return values
  } catch {
    // reported below
  }
  throw unopenable()
}

function unopenable(): TokenError {
  return new TokenError('malformed', 'the sealed fields of the state token cannot be opened; reload the page')
}

/** The claims as the token carries them: the `sealed` fields out of `st`, encrypted into `sl`. */
export function sealedClaims(key: Key, sealed: readonly string[], claims: Claims): Claims & { sl: string } {
  const clear: Record<string, unknown> = { ...claims.st }
  const hidden: Record<string, unknown> = {}
  for (const name of sealed) {
    if (Object.hasOwn(clear, name)) hidden[name] = clear[name]
    delete clear[name]
  }
  return { ...claims, st: clear, sl: seal(key, hidden) }
}

/** Claims as the token carried them -> the claims with every field in `st` (a token without `sl` is kept as it is). */
export function openedClaims(key: Key, claims: Claims & { sl?: unknown }): Claims {
  if (claims.sl === undefined) return claims
  const { sl, ...rest } = claims
  return { ...rest, st: { ...claims.st, ...unseal(key, sl) } }
}

/** The capability: a class's `static sealed` fields leave `st` for `sl` in every token it signs (last in the
 * list: the other capabilities' claims are written before the state is encrypted). */
export const sealedPlugin: Plugin<readonly string[]> = {
  name: 'sealed',
  claims: { sl: (v) => typeof v === 'string' },
  declare: (cls, state) => {
    const fields = sealedFields(cls, state)
    return fields.length ? fields : undefined
  },
  open: (_fields, claims, key) => openedClaims(key, claims),
  seal: (fields, _instance, claims, key) => sealedClaims(key, fields, claims),
}

export const sealed: Feature = () => sealedPlugin as Plugin
