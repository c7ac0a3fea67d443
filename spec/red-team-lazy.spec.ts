// The red team's lazy components: a raw WebSocket does what no honest page does with the tickets of a page's
// lazy components (repeats them, forges them, brings them from another session or past their expiry, floods
// with them, races them against a join, closes mid-mount) and the node must stay healthy: no broadcast
// listener or presence entry outlives its socket, each refusal is a coded answer, and what a browser can read
// holds no sealed value and, in production, no exception's text.
import { expect } from 'chai'
import type { MemoryBus, PresenceStore } from '../src/index.js'
import { signPayload } from '../src/core/token.js'
import { isRender, type ServerMessage } from '../src/wire/protocol.js'
import { XReport } from './fixtures/lazy.js'
import { mountGate, PRIVATE_PATH, redTeamPages, SECRET_VALUE, slowGate, XBroken, XWatch } from './fixtures/red-team.js'
import { getPage, startExample, WireClient, type Running } from './support/server.js'
import { until } from './support/until.js'

interface Ticket {
  id: string
  tok: string
}

const ticketsIn = (html: string): Ticket[] => [...html.matchAll(/id="([^"]+)" reactor-lazy="[^"]*" lazy="([^"]+)"/g)].map(([, id, tok]) => ({ id, tok }))

/** the sockets a spec opened: closed after it, passed or failed */
const opened: WireClient[] = []

async function socket(node: Running, cookie: string): Promise<WireClient> {
  const client = await WireClient.open(node.url, { cookie })
  opened.push(client)
  return client
}

/** The red-team page (`n` reports besides x-watch #w1), its tickets and a socket of its session. */
async function page(node: Running, query = '', cookie = '') {
  const got = await getPage(`${node.url}/red-team-lazy${query}`, cookie)
  return { ...got, tickets: ticketsIn(got.html), client: await socket(node, got.cookie) }
}

const errs = (client: WireClient, code: string) => client.received.filter((m) => m.t === 'err' && m.code === code)
/** a lazy mount's answer: the whole HTML with a new token (a presence update later is a diff) */
const mounted = (m: ServerMessage) => isRender(m) && 'tok' in m && 'html' in m

describe('red team: lazy components', function () {
  this.timeout(30_000)
  let node: Running
  const listeners = () => (node.reactor.engine.bus as MemoryBus).channels.count('watch')
  const present = async () => (await (node.reactor.registry.named.get('presence') as unknown as { store: PresenceStore }).store.list('watchers')).length
  const healthy = async () => {
    await until(async () => listeners() === 0 && (await present()) === 0, 'no listener or presence entry left by closed sockets')
    const { client, tickets } = await page(node)
    client.send({ t: 'lazy', c: [tickets[0]] })
    expect(await client.next(isRender)).to.include({ id: 'w1' })
    client.close()
  }

  before(async () => {
    node = await startExample({ components: [XWatch, XReport, XBroken], limits: { componentsPerSocket: 50 } }, { routes: [redTeamPages] })
  })
  after(() => node.close())
  afterEach(() => {
    for (const client of opened.splice(0)) client.close()
    slowGate.open()
    mountGate.open()
  })

  it('mounts a ticket repeated in one message once, and refuses the copies with bad-lazy', async () => {
    const { client, tickets } = await page(node)
    client.send({ t: 'lazy', c: [tickets[0], tickets[0], tickets[0], tickets[0]] })
    expect(await client.next(isRender)).to.include({ id: 'w1' })
    await client.next((m) => m.t === 'err')
    expect(listeners()).to.equal(1)
    expect(await present()).to.equal(1)
    expect(client.received.filter(mounted)).to.deep.equal([])
    expect(errs(client, 'bad-lazy').length).to.be.greaterThan(0)
    client.close()
    await healthy()
  })

  it('mounts a ticket sent in many messages at once, and on four sockets, once per socket; all closed, nothing is left', async () => {
    const pages = await Promise.all([1, 2, 3, 4].map(() => page(node)))
    for (const { client, tickets } of pages) for (let i = 0; i < 20; i++) client.send({ t: 'lazy', c: [tickets[0], tickets[0]] })
    for (const { client } of pages) await client.next(isRender)
    await until(() => pages.every(({ client }) => errs(client, 'bad-lazy').length === 39), 'the copies refused')
    expect(listeners()).to.equal(4)
    for (const { client } of pages) expect(client.received.filter(mounted)).to.deep.equal([])
    for (const { client } of pages) client.close()
    await healthy()
  })

  it('releases a component a lazy mount replaced: a join that raced the mount leaves nothing behind', async () => {
    const first = await page(node)
    first.client.send({ t: 'lazy', c: [first.tickets[0]] })
    const { tok } = (await first.client.next(isRender)) as { tok: string }
    first.client.close()
    await until(() => listeners() === 0, 'the first socket closed')
    const racing = await socket(node, first.cookie)
    mountGate.close()
    racing.send({ t: 'lazy', c: [first.tickets[0]] })
    racing.send({ t: 'join', p: 'race', c: [{ id: 'w1', tok }] })
    await until(() => listeners() === 1, 'the joined component listens')
    mountGate.open()
    await racing.next(mounted)
    racing.close()
    await healthy()
  })

  it('lets a component that left mid-handler follow nothing when its handler ends', async () => {
    const { client, tickets } = await page(node)
    client.send({ t: 'lazy', c: [tickets[0]] })
    await client.next(isRender)
    slowGate.close()
    client.send({ t: 'ev', id: 'w1', n: 'slow', q: 1 })
    client.send({ t: 'leave', id: 'w1' })
    await until(() => listeners() === 0, 'the component that left stops listening')
    slowGate.open()
    await client.next((m) => 'q' in m && m.q === 1).catch(() => undefined)
    client.close()
    await healthy()
  })

  it('counts a lazy message against the event budget by the components it mounts', async () => {
    const limited = await startExample({ components: [XWatch, XReport, XBroken], limits: { eventsPerSecond: 1, eventBurst: 6 } }, { routes: [redTeamPages] })
    try {
      const { client, tickets } = await page(limited, '?n=5')
      client.send({ t: 'lazy', c: tickets })
      for (const _ of tickets) await client.next(isRender)
      client.send({ t: 'ev', id: 'w1', n: 'load', q: 1 })
      expect(await client.next((m) => m.t === 'err')).to.include({ code: 'rate-limited' })
      client.close()
    } finally {
      await limited.close()
    }
  })

  it('refuses lazy mounts beyond componentsPerSocket, from tickets gathered over many page loads', async () => {
    const first = await page(node, '?n=30')
    const more = ticketsIn((await getPage(`${node.url}/red-team-lazy?n=30`, first.cookie)).html).slice(1)
    const all = [...first.tickets, ...more]
    expect(all).to.have.length(61)
    first.client.send({ t: 'lazy', c: all })
    await until(() => first.client.received.filter((m) => mounted(m) || m.t === 'err').length === 61, 'every ticket answered')
    expect(first.client.received.filter(mounted)).to.have.length(50)
    expect(errs(first.client, 'too-many-components')).to.have.length(11)
    first.client.close()
    await healthy()
  })

  it('refuses forged, expired, foreign and misplaced tickets with bad-lazy, and the socket goes on', async () => {
    const { client, tickets, cookie } = await page(node)
    const [w1] = tickets
    const other = await page(node)
    other.client.close()
    const iat = Math.floor(Date.now() / 1000) - 100
    const payload = JSON.parse(Buffer.from(w1.tok.split('.')[1], 'base64url').toString())
    const expired = signPayload(node.reactor.engine.ring.current, JSON.stringify({ ...payload, iat, exp: iat + 1 }))
    const state = (await getPage(`${node.url}/two`, cookie)).components[0]
    const bad = [
      { id: 'w1', tok: w1.tok.slice(0, -2) + (w1.tok.endsWith('AA') ? 'BB' : 'AA') },
      { id: 'w1', tok: expired },
      { id: 'w1', tok: other.tickets[0].tok },
      { id: 'x1', tok: w1.tok },
      { id: state.id, tok: state.tok },
      { id: 'w1', tok: 'not a ticket' },
    ]
    for (const ticket of bad) client.send({ t: 'lazy', c: [ticket] })
    await until(() => errs(client, 'bad-lazy').length === bad.length, 'each bad ticket refused')
    expect(errs(client, 'bad-lazy').map((e) => (e as { msg: string }).msg).join()).to.contain('expired')
    client.send({ t: 'join', p: 'p', c: [{ id: 'w1', tok: w1.tok }] })
    expect(await client.next((m) => m.t === 'err')).to.include({ id: 'w1' })
    client.send({ t: 'lazy', c: [w1] })
    expect(await client.next(isRender)).to.include({ id: 'w1' })
    client.close()
    await healthy()
  })

  it('leaves nothing behind when the socket closes while its lazy components mount', async () => {
    for (let i = 0; i < 5; i++) {
      const { client, tickets } = await page(node, '?n=10')
      client.send({ t: 'lazy', c: tickets })
      client.close()
    }
    await healthy()
  })

  it('puts no sealed value in the page: the ticket carries the props sealed', async () => {
    const { html, tickets, client } = await page(node)
    client.close()
    expect(html).not.to.contain(SECRET_VALUE)
    const claims = Buffer.from(tickets[0].tok.split('.')[1], 'base64url').toString()
    expect(claims).not.to.contain(SECRET_VALUE)
    expect(claims).to.contain('x-watch')
  })

  describe('in production', function () {
    let prod: Running
    before(async () => {
      prod = await startExample({ development: false, components: [XWatch, XReport, XBroken] }, { routes: [redTeamPages] })
    })
    after(() => prod.close())

    it("answers a lazy mount's failure and async work's failure without the exception's text; the log has it", async () => {
      const { client, tickets } = await page(prod, '?broken=1')
      client.send({ t: 'lazy', c: tickets })
      const failed = (await client.next((m) => m.t === 'err')) as { id: string; code: string; msg: string }
      expect(failed).to.include({ id: 'b1', code: 'server-error' })
      expect(failed.msg).not.to.contain(PRIVATE_PATH)
      await client.next(isRender)
      client.send({ t: 'ev', id: 'w1', n: 'load', q: 1 })
      let shown = ''
      await until(() => (shown = client.received.filter(isRender).map((m) => JSON.stringify(m)).join()).includes('failed'), 'the failure rendered')
      expect(shown).not.to.contain(PRIVATE_PATH)
      expect(shown).to.contain('async-failed')
      expect(prod.warnings.join('\n')).to.contain(PRIVATE_PATH)
      client.close()
    })
  })
})
