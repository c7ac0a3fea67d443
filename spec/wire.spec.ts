import { expect } from 'chai'
import { apply, patchToken } from '../src/core/diff.js'
import { KeyRing } from '../src/core/keys.js'
import { isRender, type RenderMessage, type ServerMessage } from '../src/wire/protocol.js'
import { sign } from '../src/core/token.js'
import { getPage, SECRET, startExample, WireClient, type Running } from './support/server.js'

type Render = RenderMessage

/** Follows one component's renders the way the browser does, to read its count. */
class Mirror {
  html = ''
  apply(m: ServerMessage): this {
    const r = m as Render
    if (r.html !== undefined) this.html = r.html
    else if (r.d) this.html = apply(this.html, r.d)
    return this
  }
  text(selector: string): string | undefined {
    return new RegExp(`class="${selector}">([^<]*)<`).exec(this.html)?.[1]
  }
}

const sessionOf = (cookie: string) => cookie.split('=')[1]

describe('the WebSocket wire', () => {
  let node: Running
  let client: WireClient
  let cookie: string
  let counter: { id: string; tok: string }
  let boom: { id: string; tok: string }
  const isFor = (id: string, q?: number) => (m: ServerMessage) => 'id' in m && m.id === id && (q === undefined || ('q' in m && m.q === q))

  beforeEach(async () => {
    node = await startExample()
    const page = await getPage(`${node.url}/two`)
    cookie = page.cookie
    ;[counter, boom] = page.components
    client = await WireClient.open(node.url, { cookie })
    client.send({ t: 'join', p: 'page1', c: [counter, boom].map(({ id, tok }) => ({ id, tok })) })
  })

  afterEach(async () => {
    client.close()
    await node.close()
  })

  it('joins the components of a page and answers events with renders, then diffs', async () => {
    const mirror = new Mirror()
    client.send({ t: 'ev', id: counter.id, n: 'inc', q: 1 })
    const first = (await client.next(isFor(counter.id, 1))) as Render
    expect(first.html, 'the first render after a page load is whole').to.be.a('string')
    expect(mirror.apply(first).text('count')).to.equal('6')
    client.send({ t: 'ev', id: counter.id, n: 'inc', q: 2 })
    const second = (await client.next(isFor(counter.id, 2))) as Render
    expect(second.d, 'later renders are diffs').to.be.an('array')
    expect(mirror.apply(second).text('count')).to.equal('7')
    client.send({ t: 'ev', id: counter.id, n: 'set_to', a: { amount: '0' }, q: 3 })
    expect(mirror.apply(await client.next(isFor(counter.id, 3))).text('count')).to.equal('0')
    const afterFirst = patchToken(counter.tok, first.p!, first.s!)
    expect(afterFirst).not.to.equal(counter.tok)
    expect(patchToken(afterFirst, second.p!, second.s!)).not.to.equal(afterFirst)
  })

  it("keeps a token's expiry until a quarter of its lifetime has gone, then gives it a whole lifetime", async () => {
    const claimsOf = (tok: string) => JSON.parse(Buffer.from(tok.split('.')[1], 'base64url').toString()) as { exp: number }
    const ring = new KeyRing([SECRET])
    const now = () => Math.floor(Date.now() / 1000)
    const renders = async (exp: number, q: number) => {
      const tok = sign(ring.current, { ...claimsOf(counter.tok), exp } as never)
      client.send({ t: 'ev', id: counter.id, n: 'inc', q, tok })
      const answer = (await client.next(isFor(counter.id, q))) as Render
      return claimsOf(answer.tok ?? patchToken(tok, answer.p!, answer.s!)).exp
    }
    // the default tokenTtl is a day: with 100 s of it gone the expiry stays; with a minute left it is a day again
    const fresh = now() + 86_300
    expect(await renders(fresh, 1)).to.equal(fresh)
    expect((await renders(now() + 60, 2)) - now()).to.be.greaterThan(86_000)
  })

  it('nests the form fields an event carries (`f`), its arguments on top', async () => {
    const mirror = new Mirror()
    client.send({ t: 'ev', id: counter.id, n: 'set_to', f: [['amount', '3'], ['other.x', '1']], q: 1 })
    expect(mirror.apply(await client.next(isFor(counter.id, 1))).text('count')).to.equal('3')
    client.send({ t: 'ev', id: counter.id, n: 'set_to', f: [['amount', '3']], a: { amount: '9' }, q: 2 })
    expect(mirror.apply(await client.next(isFor(counter.id, 2))).text('count')).to.equal('9')
  })

  it('answers an event that changes nothing with an acknowledgement only', async () => {
    client.send({ t: 'ev', id: boom.id, n: 'hit', q: 1 })
    expect(await client.next(isFor(boom.id, 1))).to.satisfy(isRender)
    client.send({ t: 'ev', id: boom.id, n: 'nothing', q: 2 })
    expect(await client.next(isFor(boom.id, 2))).to.deep.equal({ t: 'ack', id: boom.id, q: 2 })
  })

  it('applies an event re-sent with the same sequence number once', async () => {
    const mirror = new Mirror()
    client.send({ t: 'ev', id: counter.id, n: 'inc', q: 1 })
    mirror.apply(await client.next(isFor(counter.id, 1)))
    client.send({ t: 'ev', id: counter.id, n: 'inc', q: 1 })
    expect(await client.next(isFor(counter.id, 1))).to.include({ t: 'ack' })
    client.send({ t: 'ev', id: counter.id, n: 'inc', q: 2 })
    expect(mirror.apply(await client.next(isFor(counter.id, 2))).text('count')).to.equal('7')
  })

  it('replays the answer when an event is re-sent on a new socket after a reconnect', async () => {
    client.send({ t: 'ev', id: counter.id, n: 'inc', q: 1 })
    const answer = await client.next(isFor(counter.id, 1))
    client.close()
    client = await WireClient.open(node.url, { cookie })
    client.send({ t: 'join', p: 'page1', c: [{ id: counter.id, tok: counter.tok }] })
    client.send({ t: 'ev', id: counter.id, n: 'inc', q: 1 })
    expect(await client.next(isFor(counter.id, 1))).to.deep.equal(answer)
  })

  it('answers events re-sent after two answers were lost with the state the last one left, whole, running neither again', async () => {
    client.send({ t: 'ev', id: counter.id, n: 'inc', q: 1 })
    client.send({ t: 'ev', id: counter.id, n: 'inc', q: 2 })
    await client.next(isFor(counter.id, 2))
    client.close()
    client = await WireClient.open(node.url, { cookie })
    client.send({ t: 'join', p: 'page1', c: [{ id: counter.id, tok: counter.tok }] })
    client.send({ t: 'ev', id: counter.id, n: 'inc', q: 1, r: 1 })
    client.send({ t: 'ev', id: counter.id, n: 'inc', q: 2, r: 1 })
    const mirror = new Mirror()
    const caughtUp = (await client.next(isFor(counter.id))) as Render
    expect(caughtUp, 'the first answer is the state after event 2, whole').to.include({ q: 2 }).and.to.have.property('html')
    expect(mirror.apply(caughtUp).text('count')).to.equal('7')
    expect(await client.next(isFor(counter.id, 2)), 'event 2 ran already').to.deep.equal({ t: 'ack', id: counter.id, q: 2 })
    client.send({ t: 'ev', id: counter.id, n: 'inc', q: 3 })
    const next = (await client.next(isFor(counter.id, 3))) as Render
    expect(next.d, 'the next render is a diff of the whole one').to.be.an('array')
    expect(mirror.apply(next).text('count')).to.equal('8')
  })

  describe('bad input answers that component with an error and leaves the rest running', () => {
    const ring = new KeyRing([SECRET])
    const forge = (over: Record<string, unknown>) => {
      const now = Math.floor(Date.now() / 1000)
      const sid = ring.bindSession(ring.current, sessionOf(cookie))
      return sign(ring.current, { cmp: 'x-counter', cid: 'rx-forged', sid, ver: 'x', iat: now, exp: now + 60, st: { amount: 1 }, ...over })
    }

    async function expectError(send: object | string, code: string, id?: string): Promise<ServerMessage> {
      client.send(send)
      const error = await client.next((m) => m.t === 'err')
      expect(error).to.include({ code })
      if (id) expect(error).to.include({ id })
      expect((error as { msg: string }).msg).to.be.a('string').and.not.empty
      return error
    }

    afterEach(async () => {
      // the socket and the other components still work, and every failure was logged
      expect(client.open).to.equal(true)
      client.send({ t: 'ev', id: counter.id, n: 'inc', q: 50 })
      expect(new Mirror().apply(await client.next(isFor(counter.id, 50))).text('count')).to.equal('6')
      expect(node.warnings.length).to.be.greaterThan(0)
    })

    it('malformed JSON', () => expectError('{"t": "ev", ', 'bad-json'))
    it('an unknown message type', () => expectError({ t: 'explode', id: boom.id }, 'unknown-type', boom.id))
    it('a message without its fields', () => expectError({ t: 'ev', id: boom.id }, 'bad-message', boom.id))
    it('an unknown component', () => expectError({ t: 'join', p: 'p', c: [{ id: 'rx-forged', tok: forge({ cmp: 'x-nope' }) }] }, 'wrong-component', 'rx-forged'))
    it('a tampered token', async () => {
      const [h, p, s] = boom.tok.split('.')
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString())
      payload.st.hits = 1000
      await expectError({ t: 'ev', id: boom.id, n: 'hit', q: 1, tok: `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}` }, 'bad-signature', boom.id)
    })
    it('an expired token', () => expectError({ t: 'join', p: 'p', c: [{ id: 'rx-forged', tok: forge({ exp: 1000 }) }] }, 'expired', 'rx-forged'))
    it("another session's token", async () => {
      const other = await getPage(`${node.url}/two`)
      await expectError({ t: 'join', p: 'p', c: [{ id: other.components[0].id, tok: other.components[0].tok }] }, 'wrong-session', other.components[0].id)
    })
    it("another component's token", () => expectError({ t: 'join', p: 'p', c: [{ id: boom.id, tok: counter.tok }] }, 'wrong-id', boom.id))
    // (of the class's current version: development fits another version's state to the class, develop/outdated.ts)
    it('a token whose state does not match the declared types', () =>
      expectError({ t: 'join', p: 'p', c: [{ id: 'rx-forged', tok: forge({ st: { amount: 'lots' }, ver: node.reactor.registry.get('x-counter')!.version }) }] }, 'bad-state', 'rx-forged'))
    it('a signed token whose claims have the wrong types, keeping the token the socket holds', async () => {
      for (const over of [{ sub: 5 }, { seq: 'x' }, { cid: counter.id, pid: 7 }, { iat: '1' }]) {
        await expectError({ t: 'ev', id: counter.id, n: 'inc', q: 1, tok: forge({ cid: counter.id, ...over }) }, 'malformed', counter.id)
      }
    })
    it('an unknown type of 60,000 characters (under the string limit), echoed and logged cut short', async () => {
      const error = await expectError({ t: 'x'.repeat(60_000) }, 'unknown-type')
      expect(JSON.stringify(error).length).to.be.below(1000)
      expect(node.warnings.at(-1)!.length).to.be.below(1000)
    })
    it('a join id of 60,000 characters, not echoed, logged cut short', async () => {
      client.send({ t: 'join', p: 'page1', c: [{ id: 'a'.repeat(60_000), tok: boom.tok }] })
      const error = (await client.next((m) => m.t === 'err')) as { id?: string; msg: string; code: string }
      expect(error.code).to.equal('wrong-id')
      expect(error.id).to.equal(undefined)
      expect(error.msg.length).to.be.below(1000)
      expect(node.warnings.at(-1)!.length).to.be.below(1000)
    })
    it('a method that is not a handler', () => expectError({ t: 'ev', id: counter.id, n: 'mount', q: 1 }, 'not-a-handler', counter.id))
    it('a prototype method', () => expectError({ t: 'ev', id: counter.id, n: 'constructor', q: 1 }, 'not-a-handler', counter.id))
    it('invalid arguments, naming the argument', async () => {
      await expectError({ t: 'ev', id: counter.id, n: 'set_to', a: { amount: 'ten' }, q: 1 }, 'bad-arguments', counter.id)
    })
    it('a missing argument', () => expectError({ t: 'ev', id: counter.id, n: 'set_to', a: {}, q: 1 }, 'bad-arguments', counter.id))
    it('form fields that are not [name, value] pairs', async () => {
      for (const f of [{ amount: 1 }, [['amount']], [[1, 'x']], 'amount=1']) {
        await expectError({ t: 'ev', id: counter.id, n: 'set_to', f, q: 1 }, 'bad-arguments', counter.id)
      }
    })
    it('a field name that nests deeper than the limit once nested', () =>
      expectError({ t: 'ev', id: counter.id, n: 'set_to', f: [[Array(40).fill('a').join('.'), 1]], q: 1 }, 'too-deep', counter.id))
    it('a handler that throws', () => expectError({ t: 'ev', id: boom.id, n: 'explode', q: 1 }, 'handler-failed', boom.id))
    it('a render that throws, keeping the state it had', async () => {
      await expectError({ t: 'ev', id: boom.id, n: 'corrupt', q: 1 }, 'server-error', boom.id)
      client.send({ t: 'ev', id: boom.id, n: 'hit', q: 2 })
      expect(new Mirror().apply(await client.next(isFor(boom.id, 2))).text('hits')).to.equal('1')
    })
    it('an event for a component that never joined', () => expectError({ t: 'ev', id: 'rx-nobody', n: 'inc', q: 1 }, 'not-joined', 'rx-nobody'))
  })

  it('names the bad argument and what it expected', async () => {
    client.send({ t: 'ev', id: counter.id, n: 'set_to', a: { amount: 'ten' }, q: 1 })
    const error = (await client.next((m) => m.t === 'err')) as { msg: string }
    expect(error.msg).to.contain('amount').and.contain('integer')
  })
})

describe('the socket endpoint', () => {
  let node: Running
  afterEach(() => node.close())

  it('refuses a socket from a foreign Origin before the handshake, and accepts its own', async () => {
    node = await startExample()
    const { cookie } = await getPage(`${node.url}/counter`)
    const refused = await WireClient.open(node.url, { cookie, origin: 'http://evil.example' }).then(() => 'open', (e: Error) => e.message)
    expect(refused).to.equal('refused: 403')
    const own = await WireClient.open(node.url, { cookie, origin: node.url })
    expect(own.open).to.equal(true)
    own.close()
  })

  it('compares the scheme and the port of the Origin too, not only the host', async () => {
    node = await startExample()
    const { cookie } = await getPage(`${node.url}/counter`)
    const port = Number(new URL(node.url).port)
    for (const origin of [node.url.replace('http:', 'https:'), `http://127.0.0.1:${port + 1}`, 'http://127.0.0.1']) {
      const refused = await WireClient.open(node.url, { cookie, origin }).then(() => 'open', (e: Error) => e.message)
      expect(refused, origin).to.equal('refused: 403')
    }
    const bare = await WireClient.open(node.url, { cookie })
    expect(bare.open, 'an upgrade without an Origin (not a browser)').to.equal(true)
    bare.close()
  })

  it('keeps a socket working, without a user, when the user option fails for it', async () => {
    node = await startExample({
      user: (ctx) => {
        if ((ctx as { websocket?: unknown }).websocket) throw new Error('the session store is down')
      },
    })
    const page = await getPage(`${node.url}/counter`)
    const client = await WireClient.open(node.url, { cookie: page.cookie })
    client.send({ t: 'join', p: 'p', c: [page.components[0]] })
    client.send({ t: 'ev', id: page.components[0].id, n: 'inc', q: 1 })
    expect(((await client.next()) as { html: string }).html).to.contain('<span class="count">1</span>')
    expect(node.warnings.some((w) => w.includes('`user` option failed'))).to.equal(true)
    client.close()
  })

  it('accepts an Origin listed in the options', async () => {
    node = await startExample({ origins: ['https://app.example'] })
    const ok = await WireClient.open(node.url, { origin: 'https://app.example' })
    expect(ok.open).to.equal(true)
    ok.close()
  })

  it('refuses sockets on other paths', async () => {
    node = await startExample()
    const refused = await WireClient.open(node.url, { path: '/elsewhere' }).then(() => 'open', (e: Error) => e.message)
    expect(refused).to.equal('refused: 404')
  })

  it('works under a sub-path: the page points at the prefixed socket and script', async () => {
    node = await startExample({ prefix: '/app' })
    const page = await getPage(`${node.url}/counter`)
    const src = /<script defer src="([^"]+)" data-url="([^"]+)"/.exec(page.html)!
    expect(src[1]).to.match(/^\/app\/__reactor__\/reactor(\.dev)?\.[\w-]+\.js$/)
    expect(src[2]).to.equal('/app/__reactor__')
    // behind a proxy that keeps the prefix, and behind one that strips it
    for (const path of ['/app/__reactor__', '/__reactor__']) {
      const client = await WireClient.open(node.url, { cookie: page.cookie, path })
      const [c] = page.components
      client.send({ t: 'join', p: 'p', c: [c] })
      client.send({ t: 'ev', id: c.id, n: 'inc', q: 1 })
      expect(((await client.next()) as Render).html).to.contain('<span class="count">1</span>')
      client.close()
    }
    expect((await fetch(`${node.url}${src[1]}`)).status).to.equal(200)
  })

  it('serves the client script under its content hash, cacheable for a year, gzipped', async () => {
    node = await startExample()
    const { html } = await getPage(`${node.url}/counter`)
    const src = /<script defer src="([^"]+)"/.exec(html)![1]
    const res = await fetch(`${node.url}${src}`, { headers: { 'accept-encoding': 'gzip' } })
    expect(res.status).to.equal(200)
    expect(res.headers.get('cache-control')).to.contain('immutable')
    expect(res.headers.get('content-encoding')).to.equal('gzip')
    expect(await res.text()).to.contain('reactor')
  })

  it('sets an HttpOnly session cookie on pages', async () => {
    node = await startExample()
    const res = await fetch(`${node.url}/counter`)
    expect(res.headers.get('set-cookie')).to.match(/rx_sid=[\w-]+;.*httponly/i)
  })
})

describe('the heartbeat', () => {
  it('pings idle sockets, and closes one whose peer stopped answering', async () => {
    const node = await startExample({ heartbeatMs: 100 })
    const { cookie } = await getPage(`${node.url}/counter`)
    const answering = await WireClient.open(node.url, { cookie })
    let pings = 0
    answering.ws.on('ping', () => pings++)
    const silent = await WireClient.open(node.url, { cookie })
    // a peer that never answers pings: stop its automatic pong
    ;(silent.ws as unknown as { pong(): void }).pong = () => {}
    const closed = new Promise((resolve) => silent.ws.once('close', resolve))
    await closed
    expect(pings).to.be.greaterThan(1)
    expect(answering.open).to.equal(true)
    answering.close()
    await node.close()
  })
})
