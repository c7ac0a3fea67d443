// Generated mutations of a valid state token, each with the error code the server must answer it with.
import type { Claims } from '../../src/core/token.js'
import type { Random } from './random.js'

export const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const NOT_BASE64URL = [' ', '!', '=', '+', '/', '%', '\t', '\n', '~', '*', '"', '\\', 'é', '\u0000']

/** The tokens mutations start from, all for the component `id` of session A unless said otherwise. */
export interface Sources {
  valid: string
  /** another component's token, same session */
  sibling: string
  /** the same component's token on a page of another session */
  foreign: string
  /** a token signed with another secret */
  alien: string
  /** a token signed with the server's key, for session A and the component `id`, with `over` claims */
  signed(over: Partial<Record<keyof Claims, unknown>>): string
}

export interface Mutation {
  family: 'payload' | 'header' | 'signature' | 'spelling' | 'truncation' | 'swap' | 'claims'
  kind: string
  tok: unknown
  code: string
}

type Kind = [Mutation['family'], string, string, (r: Random, s: Sources) => unknown]

const enc = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
const parts = (token: string) => token.split('.') as [string, string, string]
const json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>
const join = (...p: string[]) => p.join('.')

/** `part` with one character other than its last replaced by another base64url character. */
function flipInside(r: Random, part: string): string {
  const at = r.int(part.length - 1)
  const other = ALPHABET[(ALPHABET.indexOf(part[at]) + 1 + r.int(63)) % 64]
  return part.slice(0, at) + other + part.slice(at + 1)
}

function withPayload(s: Sources, change: (claims: Record<string, unknown>) => void): string {
  const [h, p, sig] = parts(s.valid)
  const claims = json(p)
  change(claims)
  return join(h, enc(claims), sig)
}

function withHeader(s: Sources, change: (header: Record<string, unknown>) => void): string {
  const [h, p, sig] = parts(s.valid)
  const header = json(h)
  change(header)
  return join(enc(header), p, sig)
}

const CLAIMS = ['cmp', 'cid', 'sid', 'ver', 'iat', 'exp', 'st', 'seq', 'pid', 'sub']
const ODD_VALUES: unknown[] = [null, 0, -1, 1e308, '', 'x', [], {}, true, { amount: 999 }, ['a'], '__proto__']

const KINDS: Kind[] = [
  ['payload', 'a claim changed', 'bad-signature', (r, s) => withPayload(s, (c) => (c[r.pick(CLAIMS)] = r.pick(ODD_VALUES)))],
  ['payload', 'a claim added', 'bad-signature', (r, s) => withPayload(s, (c) => (c[r.pick(['adm', 'role', 'x'])] = r.pick(ODD_VALUES)))],
  ['payload', 'a claim removed', 'bad-signature', (r, s) => withPayload(s, (c) => delete c[r.pick(['cmp', 'cid', 'sid', 'ver', 'iat', 'exp', 'st'])])],
  ['payload', 'the state changed', 'bad-signature', (r, s) => withPayload(s, (c) => (c.st = { amount: r.int(1e6) }))],
  ['payload', 'a character changed', 'bad-signature', (r, s) => join(parts(s.valid)[0], flipInside(r, parts(s.valid)[1]), parts(s.valid)[2])],
  ['payload', 'not JSON', 'bad-signature', (r, s) => join(parts(s.valid)[0], enc(r.string(1 + r.int(40))), parts(s.valid)[2])],
  ['payload', 'another component', 'bad-signature', (_r, s) => join(parts(s.valid)[0], parts(s.sibling)[1], parts(s.valid)[2])],
  ['header', 'another algorithm', 'bad-algorithm', (r, s) => withHeader(s, (h) => (h.alg = r.pick(['none', 'HS384', 'HS512', 'RS256', 'ES256', 'hs256', '', null, 256])))],
  ['header', 'no algorithm', 'bad-algorithm', (_r, s) => withHeader(s, (h) => delete h.alg)],
  ['header', 'another type', 'bad-algorithm', (r, s) => withHeader(s, (h) => (h.typ = r.pick(['JWT', 'RX', 'jwt', '', null])))],
  ['header', 'no type', 'bad-algorithm', (_r, s) => withHeader(s, (h) => delete h.typ)],
  ['header', 'another key id', 'unknown-key', (r, s) => withHeader(s, (h) => (h.kid = r.pick([r.string(6, ALPHABET), '', null, 1, ['x'], '../../etc/passwd'])))],
  ['header', 'no key id', 'unknown-key', (_r, s) => withHeader(s, (h) => delete h.kid)],
  ['header', 'an extra field', 'bad-signature', (r, s) => withHeader(s, (h) => (h[r.pick(['crit', 'jku', 'x5u', 'b64', 'zip'])] = r.pick(ODD_VALUES)))],
  ['header', 'not a JSON object', 'malformed', (r, s) => join(enc(r.pick(['[]', '"HS256"', '1', 'null', '{', r.string(8)])), parts(s.valid)[1], parts(s.valid)[2])],
  ['signature', 'a character changed', 'bad-signature', (r, s) => join(...parts(s.valid).slice(0, 2), flipInside(r, parts(s.valid)[2]))],
  ['signature', 'another used last character', 'bad-signature', (r, s) => {
    const sig = parts(s.valid)[2]
    const last = ALPHABET.indexOf(sig.at(-1)!)
    return join(...parts(s.valid).slice(0, 2), sig.slice(0, -1) + ALPHABET[(last + 4 * (1 + r.int(15))) % 64])
  }],
  ['signature', "another token's", 'bad-signature', (_r, s) => join(...parts(s.valid).slice(0, 2), parts(s.sibling)[2])],
  ['signature', 'shorter or longer', 'malformed', (r, s) => {
    const sig = parts(s.valid)[2]
    return join(...parts(s.valid).slice(0, 2), r.chance(0.5) ? sig.slice(0, 1 + r.int(42)) : sig + r.string(1 + r.int(4), ALPHABET))
  }],
  ['signature', 'empty', 'malformed', (_r, s) => join(...parts(s.valid).slice(0, 2), '')],
  ['spelling', 'padding', 'malformed', (r, s) => {
    const p = parts(s.valid)
    const at = r.int(3)
    p[at] += '='.repeat(1 + r.int(2))
    return join(...p)
  }],
  ['spelling', 'a character that is not base64url', 'malformed', (r, s) => {
    const p = parts(s.valid)
    const at = r.int(3)
    const i = r.int(p[at].length + 1)
    p[at] = p[at].slice(0, i) + r.pick(NOT_BASE64URL) + p[at].slice(i)
    return join(...p)
  }],
  ['spelling', 'unused low bits set', 'malformed', (r, s) => {
    const p = parts(s.valid)
    const at = r.pick([0, 1, 2].filter((i) => p[i].length % 4 !== 0))
    const last = ALPHABET.indexOf(p[at].at(-1)!)
    p[at] = p[at].slice(0, -1) + ALPHABET[last ^ 1]
    return join(...p)
  }],
  ['spelling', 'white space around', 'malformed', (r, s) => r.pick([' ', '\n', '\t']) + s.valid + r.pick(['', ' ', '\n'])],
  ['spelling', 'not a string', 'malformed', (r, s) => r.pick<unknown>([[s.valid], { tok: s.valid }, 1, true, [s.valid, s.valid]])],
  ['truncation', 'cut before the signature', 'malformed', (r, s) => s.valid.slice(0, r.int(s.valid.lastIndexOf('.')))],
  ['truncation', 'the signature cut', 'malformed', (r, s) => s.valid.slice(0, s.valid.length - 1 - r.int(42))],
  ['truncation', 'four characters of the payload dropped', 'bad-signature', (r, s) => {
    const [h, p, sig] = parts(s.valid)
    const at = r.int(p.length - 5)
    return join(h, p.slice(0, at) + p.slice(at + 4), sig)
  }],
  ['truncation', 'empty', 'malformed', () => ''],
  ['swap', "another component's token", 'wrong-id', (_r, s) => s.sibling],
  ['swap', "another session's token", 'wrong-session', (_r, s) => s.foreign],
  ['swap', 'signed with another secret', 'unknown-key', (_r, s) => s.alien],
  ['claims', 'expired', 'expired', (r, s) => s.signed({ exp: Math.floor(Date.now() / 1000) - 1 - r.int(1e5) })],
  ['claims', 'another session bound', 'wrong-session', (r, s) => s.signed({ sid: r.string(16, ALPHABET) })],
  ['claims', 'another element', 'wrong-id', (r, s) => s.signed({ cid: `rx-${r.string(8, ALPHABET)}` })],
  ['claims', 'an unregistered component', 'wrong-component', (r, s) => s.signed({ cmp: r.pick(['x-nope', 'constructor', '__proto__', 'Object']) })],
  ['claims', 'a state of the wrong type', 'bad-state', (r, s) => s.signed({ st: { amount: r.pick(['many', 1.5, [], {}, null]) } })],
  ['claims', 'too large', 'too-large', (r, s) => s.signed({ st: { amount: 1, pad: r.string(70_000) } })],
]

export const KIND_COUNT = KINDS.length

/** The `n`th mutation: every kind in turn, each with its own random variation. */
export function mutation(n: number, r: Random, s: Sources): Mutation {
  const [family, kind, code, make] = KINDS[n % KINDS.length]
  return { family, kind, code, tok: make(r, s) }
}
