import { expect } from 'chai'
import WebSocket from 'ws'
import { KeyRing } from '../src/core/keys.js'
import { Reactor } from '../src/index.js'
import { sign } from '../src/core/token.js'
import type { Limits } from '../src/wire/limits.js'
import { isRender, type ServerMessage } from '../src/wire/protocol.js'
import { XBig } from './fixtures/components.js'
import { getPage, SECRET, startExample, WireClient, type PageComponent, type Running } from './support/server.js'
import { until } from './support/until.js'

type Error = Extract<ServerMessage, { t: 'err' }>

describe('the limits: what one socket may ask of a node', () => {
  let node: Running | undefined
  let client: WireClient
  let counter: PageComponent
  let boom: PageComponent
  let cookie: string

  /** A node with `limits`, and a socket that holds the /two page (a counter at 5 and an x-boom). */
  async function start(limits: Partial<Limits>, join = true): Promise<void> {
    node = await startExample({ limits, components: [XBig] }, { routes: [async (ctx, next) => (ctx.path === '/big' ? ctx.render('big.pug') : next())] })
    const page = await getPage(`${node.url}/two`)
    ;[counter, boom] = page.components
    cookie = page.cookie
    client = await WireClient.open(node.url, { cookie })
    if (join) client.send({ t: 'join', p: 'p', c: [counter, boom] })
  }
  afterEach(async () => {
    client?.close()
    await node?.close()
    node = undefined
  })

  const error = async () => (await client.next((m) => m.t === 'err')) as Error
  const answerTo = (q: number) => client.next((m) => m.t !== 'err' && 'q' in m && m.q === q)
  /** the counter still answers: the socket and the node go on */
  async function stillWorks(q: number): Promise<void> {
    client.send({ t: 'ev', id: counter.id, n: 'inc', q })
    expect(await answerTo(q)).to.satisfy(isRender).and.include({ id: counter.id })
  }

  it('answers events over the rate (after the burst) with rate-limited, before running them', async () => {
    await start({ eventsPerSecond: 0.5, eventBurst: 4 }) // the join and three events
    for (let q = 1; q <= 5; q++) client.send({ t: 'ev', id: counter.id, n: 'inc', q })
    for (let q = 1; q <= 3; q++) await answerTo(q)
    const refused = [await error(), await error()]
    expect(refused.map((e) => [e.code, e.id, e.q])).to.deep.equal([['rate-limited', counter.id, 4], ['rate-limited', counter.id, 5]])
    expect(node!.warnings.filter((w) => w.includes('rate-limited')), 'a burst of refusals is logged once').to.have.length(1)
  })

  it('answers a join of too many components with too-many-components', async () => {
    await start({ componentsPerJoin: 1 }, false)
    client.send({ t: 'join', p: 'p', c: [counter, boom] })
    expect(await error()).to.include({ code: 'too-many-components' })
    client.send({ t: 'join', p: 'p', c: [counter] })
    await stillWorks(1)
  })

  it('answers a component beyond those a socket may follow with too-many-components', async () => {
    await start({ componentsPerSocket: 1 }, false)
    client.send({ t: 'join', p: 'p', c: [counter, boom] })
    expect(await error()).to.include({ code: 'too-many-components', id: boom.id })
    await stillWorks(1)
  })

  it('answers JSON nested too deep with too-deep, naming the event', async () => {
    await start({ jsonDepth: 8 })
    let deep: unknown = 1
    for (let i = 0; i < 10; i++) deep = { deep }
    client.send({ t: 'ev', id: counter.id, n: 'set_to', a: { amount: deep }, q: 1 })
    expect(await error()).to.include({ code: 'too-deep', id: counter.id, q: 1 })
    await stillWorks(2)
  })

  it('answers strings over the limit with string-too-long, the message cut short (a 200,000-character type)', async () => {
    await start({})
    client.send({ t: 'x'.repeat(200_000) })
    const refused = await error()
    expect(refused.code).to.equal('string-too-long')
    expect(JSON.stringify(refused).length).to.be.below(1000)
    client.send({ t: 'ev', id: counter.id, n: 'set_to', a: { amount: '1'.repeat(70_000) }, q: 1 })
    expect(await error()).to.include({ code: 'string-too-long', id: counter.id, q: 1 })
    await stillWorks(2)
  })

  it('answers a message over messageBytes with too-large', async () => {
    await start({ messageBytes: 2000 })
    client.send({ t: 'ev', id: counter.id, n: 'inc', a: { pad: 'x'.repeat(3000) }, q: 1 })
    expect(await error()).to.include({ code: 'too-large' })
    await stillWorks(2)
  })

  it('closes a socket that keeps sending forged tokens, not one whose tokens are only old', async () => {
    await start({ tokenFailures: 3 })
    const ring = new KeyRing([SECRET])
    const now = Math.floor(Date.now() / 1000)
    const sid = ring.bindSession(ring.current, cookie.split('=')[1])
    const expired = sign(ring.current, { cmp: 'x-counter', cid: 'rx-old', sid, ver: 'x', iat: now - 99, exp: now - 9, st: { amount: 1 } })
    for (let i = 0; i < 5; i++) client.send({ t: 'join', p: 'p', c: [{ id: 'rx-old', tok: expired }] })
    for (let i = 0; i < 5; i++) expect(await error()).to.include({ code: 'expired' })
    await stillWorks(1)
    const [h, p] = counter.tok.split('.')
    const forged = `${h}.${p}.${boom.tok.split('.')[2]}` // another token's signature
    for (let i = 0; i < 4; i++) client.send({ t: 'join', p: 'p', c: [{ id: counter.id, tok: forged }] })
    for (let i = 0; i < 4; i++) expect(await error()).to.include({ code: 'bad-signature' })
    expect(await error()).to.include({ code: 'too-many-failures' })
    await until(() => !client.open, 'the socket to close')
  })

  it('refuses an unknown limit, or one that is not a positive number, at start-up', () => {
    expect(() => new Reactor({ secret: SECRET, limits: { eventsPerSecnd: 5 } as never })).to.throw(/unknown limit "eventsPerSecnd"/)
    expect(() => new Reactor({ secret: SECRET, limits: { jsonDepth: 0 } })).to.throw(/jsonDepth must be a positive number/)
  })

  it('stops reading from a peer that does not read its answers, and goes on once it reads them', async function () {
    this.timeout(30_000)
    await start({ eventsPerSecond: Infinity, bufferedBytes: 64 * 1024 })
    const page = await getPage(`${node!.url}/big`, cookie)
    const [big] = page.components
    const ws = new WebSocket(`${node!.url.replace('http', 'ws')}/__reactor__`, { headers: { cookie } })
    await new Promise((resolve) => ws.once('open', resolve))
    const answered: number[] = []
    ws.on('message', (data) => answered.push((JSON.parse(String(data)) as { q?: number }).q ?? 0))
    const socket = (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket
    socket.pause()
    try {
      XBig.handled = 0
      const events = 300
      ws.send(JSON.stringify({ t: 'join', p: 'big', c: [big] }))
      for (let q = 1; q <= events; q++) ws.send(JSON.stringify({ t: 'ev', id: big.id, n: 'next', q }))
      // the node handles events until what it sends backs up, then stops reading (about 18 MB would be sent otherwise)
      let seen = -1
      await until(async () => {
        const now = XBig.handled
        await new Promise((resolve) => setTimeout(resolve, 500))
        return now > 0 && now === (seen = XBig.handled)
      }, 'the node to stop handling events')
      expect(seen).to.be.below(events)
      socket.resume()
      await until(() => answered.length === events, `all ${events} events answered`, 20_000)
      expect(answered).to.deep.equal(Array.from({ length: events }, (_, i) => i + 1))
    } finally {
      ws.terminate()
    }
  })
})
