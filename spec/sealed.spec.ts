import { expect } from 'chai'
import { compactDecrypt } from 'jose'
import { apply, patchToken } from '../src/core/diff.js'
import { keyFromSecret, KeyRing } from '../src/core/keys.js'
import { Registry } from '../src/core/registry.js'
import { isRender, type RenderMessage } from '../src/wire/protocol.js'
import { sign, type Claims } from '../src/core/token.js'
import { Component, t } from '../src/index.js'
import { sealedPlugin } from '../src/features/sealed.js'
import { XVault } from './fixtures/sealed.js'
import { getPage, SECRET, startExample, WireClient, type Running } from './support/server.js'

type Render = RenderMessage
const payloadOf = (token: string) => Buffer.from(token.split('.')[1], 'base64url').toString()
const sessionOf = (cookie: string) => cookie.split('=')[1]
const vaultPage = async (ctx: { path: string; render(view: string): Promise<void> }, next: () => Promise<void>) =>
  ctx.path === '/vault' ? ctx.render('vault.pug') : next()

describe('sealed fields', () => {
  let node: Running
  let client: WireClient
  let page: Awaited<ReturnType<typeof getPage>>
  let vault: { id: string; tok: string }
  let html = ''
  let token = ''
  let q = 0

  /** Sends an event and follows its render the way the browser does: the HTML and the token. */
  async function event(n: string, a: Record<string, unknown>): Promise<{ label?: string; tries?: string }> {
    client.send({ t: 'ev', id: vault.id, n, a, q: ++q })
    const r = (await client.next((m) => 'q' in m && m.q === q)) as Render
    expect(r, JSON.stringify(r)).to.satisfy(isRender)
    html = r.html ?? (r.d ? apply(html, r.d) : html)
    token = r.tok ?? (r.s ? patchToken(token, r.p!, r.s) : token)
    return { label: /class="label">([^<]*)</.exec(html)?.[1], tries: /class="tries">([^<]*)</.exec(html)?.[1] }
  }

  beforeEach(async () => {
    node = await startExample({ components: [XVault] }, { routes: [vaultPage as never] })
    page = await getPage(`${node.url}/vault`)
    vault = page.components[0]
    token = vault.tok
    q = 0
    client = await WireClient.open(node.url, { cookie: page.cookie })
    client.send({ t: 'join', p: 'page1', c: [vault] })
  })

  afterEach(async () => {
    client.close()
    await node.close()
  })

  it('are not in the page: neither the HTML nor the token shows them', () => {
    expect(page.html).not.to.contain('hunter2')
    const claims = JSON.parse(payloadOf(vault.tok))
    expect(claims.st).to.deep.equal({ label: 'closed', tries: 0 })
    expect(claims.sl).to.be.a('string')
  })

  it('are what the handlers see, and stay sealed in every new token', async () => {
    expect(await event('guess', { word: 'nope' })).to.deep.equal({ label: 'wrong', tries: '1' })
    expect(await event('guess', { word: 'hunter2' })).to.deep.equal({ label: 'opened', tries: '2' })
    expect(payloadOf(token)).not.to.contain('hunter2')
    await event('recode', { code: 'swordfish' })
    expect(payloadOf(token), 'a change of a sealed field alone issues a new token').not.to.equal(payloadOf(vault.tok))
    expect(payloadOf(token)).not.to.contain('swordfish')
    expect(await event('guess', { word: 'hunter2' })).to.include({ label: 'wrong' })
    expect(await event('guess', { word: 'swordfish' })).to.include({ label: 'opened' })
  })

  it('come back from the token a browser holds, on a new socket', async () => {
    await event('recode', { code: 'swordfish' })
    const again = await WireClient.open(node.url, { cookie: page.cookie })
    again.send({ t: 'join', p: 'page2', c: [{ id: vault.id, tok: token }] })
    again.send({ t: 'ev', id: vault.id, n: 'guess', a: { word: 'swordfish' }, q: q + 1 })
    const r = (await again.next((m) => 'q' in m)) as Render
    again.close()
    expect(r.html ?? '').to.contain('opened')
  })

  it('are a standard compact JWE (dir, A256GCM) that jose.compactDecrypt opens with the sealing key', async () => {
    const { sl } = JSON.parse(payloadOf(vault.tok))
    const { plaintext, protectedHeader } = await compactDecrypt(sl, keyFromSecret(SECRET).seal)
    expect(protectedHeader).to.include({ alg: 'dir', enc: 'A256GCM' })
    expect(JSON.parse(new TextDecoder().decode(plaintext))).to.deep.equal({ code: 'hunter2' })
  })

  it('cannot be swapped: another sealed value under the same signature is bad-signature, a signed one that cannot be opened is malformed', async () => {
    const [h, p, s] = vault.tok.split('.')
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Claims & { sl: string }
    const other = JSON.parse(payloadOf((await getPage(`${node.url}/vault`, page.cookie)).components[0].tok)).sl
    const swapped = `${h}.${Buffer.from(JSON.stringify({ ...claims, sl: other })).toString('base64url')}.${s}`
    const ring = new KeyRing([SECRET])
    const unopenable = sign(ring.current, { ...claims, sid: ring.bindSession(ring.current, sessionOf(page.cookie)), sl: `${claims.sl.slice(0, -4)}AAAA` } as Claims)
    client.send({ t: 'ev', id: vault.id, n: 'guess', a: { word: 'x' }, q: 1, tok: swapped })
    expect(await client.next()).to.include({ t: 'err', code: 'bad-signature' })
    client.send({ t: 'ev', id: vault.id, n: 'guess', a: { word: 'x' }, q: 1, tok: unopenable })
    expect(await client.next()).to.include({ t: 'err', code: 'malformed' })
  })

  it('must be declared state fields, or the component is refused at registration', () => {
    class XLeaky extends Component {
      static template = 'x-vault.pug'
      static state = { label: t.string() }
      static sealed = ['secret']
    }
    expect(() => new Registry([sealedPlugin]).register(XLeaky)).to.throw(/XLeaky.sealed names "secret", which is not a state field; declare it in static state/)
  })

  it('are refused at registration when static query would put them in the URL, naming both ways out', () => {
    class XShown extends Component {
      static template = 'x-vault.pug'
      static state = { label: t.string(), secret: t.string() }
      static sealed = ['secret']
      static query = { secret: 's' }
    }
    class XChild extends XShown {}
    for (const cls of [XShown, XChild]) {
      expect(() => new Registry([sealedPlugin]).register(cls)).to.throw(/seals "secret" and keeps it in the page's URL \(static query\), where it would be in clear; take it out of static sealed or static query/)
    }
  })
})
