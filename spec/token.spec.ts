import { expect } from 'chai'
import { compactVerify } from 'jose'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KeyRing } from '../src/core/keys.js'
import { resolveSecrets } from '../src/core/secrets.js'
import { open, sign, TokenError, type Claims, type Expected } from '../src/core/token.js'

const ring = new KeyRing(['first-secret-0123456789abcdef'])
/** Now, in seconds: read when a token is made (the suite may start long after this file loads). */
const now = () => Math.floor(Date.now() / 1000)

function claims(over: Partial<Claims> = {}, r = ring): Claims {
  return { cmp: 'x-counter', cid: 'rx-1', sid: r.bindSession(r.current, 'session-aaaaaaaaaaaa'), ver: 'v1', iat: now(), exp: now() + 60, st: { amount: 1 }, ...over }
}
const expected: Expected = { session: 'session-aaaaaaaaaaaa', cmp: 'x-counter', cid: 'rx-1' }

function reason(token: unknown, exp: Expected = expected, r = ring): string {
  try {
    open(r, token, exp)
  } catch (error) {
    if (error instanceof TokenError) return error.reason
    throw error
  }
  return 'accepted'
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

describe('state token', () => {
  it('round-trips the claims of a valid token', () => {
    const token = sign(ring.current, claims())
    expect(open(ring, token, expected).claims.st).to.deep.equal({ amount: 1 })
  })

  it('is a standard compact JWS that jose.compactVerify accepts', async () => {
    const token = sign(ring.current, claims())
    const { payload, protectedHeader } = await compactVerify(token, ring.current.state)
    expect(protectedHeader).to.include({ alg: 'HS256', kid: ring.current.kid, typ: 'rx' })
    expect(JSON.parse(new TextDecoder().decode(payload)).st).to.deep.equal({ amount: 1 })
  })

  it('never carries the session id itself, only a binding derived from it', () => {
    const token = sign(ring.current, claims())
    expect(Buffer.from(token.split('.')[1], 'base64url').toString()).not.to.contain('session-aaaaaaaaaaaa')
  })

  it('rejects a changed payload as bad-signature', () => {
    const [h, , s] = sign(ring.current, claims()).split('.')
    expect(reason(`${h}.${b64(claims({ st: { amount: 999 } }))}.${s}`)).to.equal('bad-signature')
  })

  it('rejects a changed signature as bad-signature', () => {
    const token = sign(ring.current, claims())
    const flipped = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1)
    expect(reason(flipped)).to.equal('bad-signature')
  })

  it('rejects alg "none" and a foreign token type as bad-algorithm', () => {
    const [, p] = sign(ring.current, claims()).split('.')
    expect(reason(`${b64({ alg: 'none', typ: 'rx', kid: ring.current.kid })}.${p}.`)).to.equal('bad-algorithm')
    expect(reason(`${b64({ alg: 'HS256', typ: 'JWT', kid: ring.current.kid })}.${p}.x`)).to.equal('bad-algorithm')
  })

  it('rejects a token signed with a key it does not know as unknown-key', () => {
    const other = new KeyRing(['another-secret-0123456789abcdef'])
    expect(reason(sign(other.current, claims({}, other)))).to.equal('unknown-key')
  })

  it('rejects an expired token', () => {
    expect(reason(sign(ring.current, claims({ exp: now() - 1 })))).to.equal('expired')
  })

  it('rejects a token from another browser session', () => {
    expect(reason(sign(ring.current, claims()), { ...expected, session: 'session-bbbbbbbbbbbb' })).to.equal('wrong-session')
  })

  it('rejects a token for another component or another element', () => {
    expect(reason(sign(ring.current, claims({ cmp: 'x-other' })))).to.equal('wrong-component')
    expect(reason(sign(ring.current, claims({ cid: 'rx-2' })))).to.equal('wrong-id')
  })

  it('rejects garbage and oversized tokens without throwing anything else', () => {
    expect(reason(undefined)).to.equal('malformed')
    expect(reason('not.a-token')).to.equal('malformed')
    expect(reason('%%%.%%%.%%%')).to.equal('malformed')
    expect(reason('a'.repeat(70_000))).to.equal('too-large')
  })

  it('rotates keys: signs with the newest secret, still verifies tokens of the older one', () => {
    const old = new KeyRing(['old-secret-0123456789abcdef'])
    const rotated = new KeyRing(['new-secret-0123456789abcdef', 'old-secret-0123456789abcdef'])
    const legacy = sign(old.current, claims({}, old))
    expect(reason(legacy, expected, rotated)).to.equal('accepted')
    expect(rotated.current.kid).not.to.equal(old.current.kid)
    expect(reason(legacy, expected, new KeyRing(['new-secret-0123456789abcdef']))).to.equal('unknown-key')
  })
})

describe('secrets', () => {
  it('reads REACTOR_SECRET as a list, newest first', () => {
    expect(resolveSecrets({ env: { REACTOR_SECRET: 'new, old' } })).to.deep.equal(['new', 'old'])
  })

  it('refuses to start in production without a secret, saying what to set', () => {
    expect(() => resolveSecrets({ env: { NODE_ENV: 'production' } })).to.throw(/REACTOR_SECRET is not set/)
  })

  it('generates and keeps a development secret in a file, with a warning', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rx-')), '.reactor-secret')
    const warnings: string[] = []
    const first = resolveSecrets({ env: {}, devSecretFile: file, warn: (m) => warnings.push(m) })
    const second = resolveSecrets({ env: {}, devSecretFile: file, warn: () => {} })
    expect(existsSync(file)).to.equal(true)
    expect(first).to.deep.equal(second)
    expect(readFileSync(file, 'utf8').trim()).to.equal(first[0])
    expect(warnings[0]).to.match(/development secret/)
  })
})

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** The same bytes spelled another way: the unused low bit of the last character set (for a part whose length is not a multiple of 4). */
function lowBitSet(part: string): string {
  const last = ALPHABET.indexOf(part.at(-1)!)
  return part.slice(0, -1) + ALPHABET[last ^ 1]
}

describe('state token spelling', () => {
  const token = () => sign(ring.current, claims({ st: { amount: 12345 } }))
  const at = (t: string, part: number, change: (p: string) => string) => t.split('.').map((p, i) => (i === part ? change(p) : p)).join('.')

  it('accepts the canonical spelling', () => {
    expect(reason(token())).to.equal('accepted')
  })

  for (const [name, change] of [
    ['a trailing "="', (p: string) => `${p}=`],
    ['a trailing "=="', (p: string) => `${p}==`],
    ['an inserted "!"', (p: string) => `${p.slice(0, 5)}!${p.slice(5)}`],
    ['an inserted space', (p: string) => `${p.slice(0, 5)} ${p.slice(5)}`],
    ['a trailing newline', (p: string) => `${p}\n`],
    ['a standard base64 character', (p: string) => `${p.slice(0, 4)}+${p.slice(5)}`],
  ] as const) {
    for (const [part, what] of ['header', 'payload', 'signature'].entries()) {
      it(`rejects ${name} in the ${what} as malformed`, () => {
        expect(reason(at(token(), part, change))).to.equal('malformed')
      })
    }
  }

  it('rejects unused low bits in the last character of any part as malformed', () => {
    let checked = 0
    for (const part of [0, 1, 2]) {
      const t = token()
      if (t.split('.')[part].length % 4 === 0) continue
      const other = at(t, part, lowBitSet)
      expect(Buffer.from(other.split('.')[part], 'base64url')).to.deep.equal(Buffer.from(t.split('.')[part], 'base64url'))
      expect(reason(other), `part ${part}`).to.equal('malformed')
      checked++
    }
    expect(checked).to.be.greaterThan(0)
  })

  it('rejects a signature that is not 43 characters as malformed', () => {
    expect(reason(at(token(), 2, (s) => s.slice(0, 42)))).to.equal('malformed')
    expect(reason(at(token(), 2, (s) => `${s}A`))).to.equal('malformed')
  })

  it('rejects a token that is not a string as malformed', () => {
    expect(reason([token()])).to.equal('malformed')
  })
})
