// The signed tickets the server hands the browser (flash's cookie, a lazy component's placeholder) keep the
// format pages already hold: during a rolling deploy a node opens the tickets another node's code signed.
import { expect } from 'chai'
import { KeyRing } from '../src/core/keys.js'
import { openTicket, signTicket } from '../src/core/tickets.js'
import { signPayload, TokenError } from '../src/core/token.js'
import { sealFlash } from '../src/features/flash.js'

const ring = new KeyRing(['tickets-spec-secret-0123456789abcdef'])
const lazyTicket = { kind: 'reactor-lazy', id: 'w1' }
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())

describe('signed tickets', () => {
  it('carry the claims of a state token, in its order, under a kind no component has', () => {
    const token = signTicket(ring, lazyTicket, 'session-1', 60, () => ({ n: 'x-report', p: 'sealed props' }))
    const claims = claimsOf(token)
    expect(Object.keys(claims)).to.deep.equal(['cmp', 'cid', 'sid', 'ver', 'iat', 'exp', 'st'])
    expect(claims).to.include({ cmp: 'reactor-lazy', cid: 'w1', ver: '', exp: claims.iat + 60 })
    expect(claims.sid).not.to.contain('session-1')
    expect(openTicket(ring, token, lazyTicket, 'session-1').state).to.deep.equal({ n: 'x-report', p: 'sealed props' })
  })

  it("open a ticket written as the code before them wrote it (a flash cookie, a lazy placeholder's)", () => {
    const key = ring.current
    const iat = Math.floor(Date.now() / 1000)
    const sid = ring.bindSession(key, 'session-1')
    const oldLazy = signPayload(key, JSON.stringify({ cmp: 'reactor-lazy', cid: 'w1', sid, ver: '', iat, exp: iat + 60, st: { n: 'x-report', p: 'p' } }))
    const oldFlash = signPayload(key, JSON.stringify({ cmp: 'reactor-flash', cid: 'reactor-flash', sid, ver: '', iat, exp: iat + 120, st: { m: [['info', 'Saved']] } }))
    expect(openTicket(ring, oldLazy, lazyTicket, 'session-1').state).to.deep.equal({ n: 'x-report', p: 'p' })
    expect(openTicket(ring, oldFlash, { kind: 'reactor-flash' }, 'session-1').state).to.deep.equal({ m: [['info', 'Saved']] })
    expect(claimsOf(sealFlash(ring, 'session-1', [['info', 'Saved']]))).to.deep.include({ cmp: 'reactor-flash', cid: 'reactor-flash', sid, ver: '', st: { m: [['info', 'Saved']] } })
  })

  it('refuse a ticket of another session, another kind or another element', () => {
    const token = signTicket(ring, lazyTicket, 'session-1', 60, () => ({}))
    const refusal = (open: () => unknown) => {
      try {
        open()
      } catch (error) {
        return error instanceof TokenError ? error.reason : error
      }
      return 'opened'
    }
    expect(refusal(() => openTicket(ring, token, lazyTicket, 'session-2'))).to.equal('wrong-session')
    expect(refusal(() => openTicket(ring, token, { kind: 'reactor-flash' }, 'session-1'))).to.equal('wrong-component')
    expect(refusal(() => openTicket(ring, token, { kind: 'reactor-lazy', id: 'w2' }, 'session-1'))).to.equal('wrong-id')
  })
})
