import { expect } from 'chai'
import { createHmac } from 'node:crypto'
import type { Context, Next } from 'koa'
import { XPrivate, XSecret } from './fixtures/server-components.js'
import { RedisServer } from './support/redis.js'
import { getPage, startExample, temporaryDatabase, WireClient, type Running } from './support/server.js'
import { until } from './support/until.js'
import { isRender } from '../src/wire/protocol.js'

// The spec app's login: a small signed cookie `user=<name>.<hmac>`, as a session middleware would keep it.
const KEY = 'cookie-signing-key-of-the-spec-app'
const signed = (name: string) => `${name}.${createHmac('sha256', KEY).update(name).digest('base64url')}`
function userOf(ctx: Context): { name: string } | undefined {
  const [name, mac] = (ctx.cookies.get('user') ?? '').split('.')
  return name && mac && signed(name) === `${name}.${mac}` ? { name } : undefined
}

/** /login?name= sets the cookie; /logout clears it and ends the browser session's sockets; /c/<name> a component. */
function routes(node: () => Running) {
  return async (ctx: Context, next: Next) => {
    if (ctx.path === '/login') return void ((ctx.body = 'in'), ctx.cookies.set('user', signed(String(ctx.query.name))))
    if (ctx.path === '/logout') {
      ctx.cookies.set('user', null)
      await node().reactor.endSession(ctx)
      return void (ctx.body = 'out')
    }
    const match = /^\/c\/([\w-]+)$/.exec(ctx.path)
    return match ? ctx.render('server-api.pug', { name: match[1], props: {} }) : next()
  }
}

describe('logging out reaches the open sockets of the session, on every node', function () {
  let redis: RedisServer
  let database: ReturnType<typeof temporaryDatabase>
  let one: Running
  let two: Running
  const clients: WireClient[] = []

  before(async () => {
    redis = await RedisServer.start()
    database = temporaryDatabase()
    const options = { redis: redis.url, components: [XPrivate, XSecret], user: userOf }
    one = await startExample(options, { database: database.file, routes: [routes(() => one)] })
    two = await startExample(options, { database: database.file, routes: [routes(() => two)] })
  })
  after(async () => {
    await one.close()
    await two.close()
    await redis.stop()
    database.remove()
  })
  afterEach(() => clients.splice(0).forEach((c) => c.close()))

  /** Tab A: logged in as ada, the page of component `name` on node one, its socket joined. */
  async function tabA(name: string) {
    const page = await getPage(`${one.url}/c/${name}`, `user=${signed('ada')}`)
    const session = page.cookie
    const cookie = `${session}; user=${signed('ada')}`
    const client = await WireClient.open(one.url, { cookie })
    clients.push(client)
    const [component] = page.components
    client.send({ t: 'join', p: 'a', c: [component] })
    client.send({ t: 'ev', id: component.id, n: 'click', q: 1 })
    expect(await client.next((m) => 'q' in m && m.q === 1)).to.satisfy(isRender)
    return { session, client, component }
  }

  it('sends tab A to the login URL and closes its socket when tab B logs out on another node', async () => {
    const { session, client, component } = await tabA('x-secret')
    const out = await fetch(`${two.url}/logout`, { headers: { cookie: `${session}; user=${signed('ada')}` } })
    expect(await out.text()).to.equal('out')
    expect(await client.next((m) => m.t === 'err')).to.include({ code: 'forbidden', id: component.id })
    expect(await client.next((m) => m.t === 'visit')).to.include({ url: '/login', action: 'redirect' })
    await until(() => !client.open, 'the socket to close')
    // the browser reconnects with the cookies it holds now (no user): the component refuses its clicks
    const again = await WireClient.open(one.url, { cookie: session })
    clients.push(again)
    again.send({ t: 'join', p: 'a', c: [component] })
    again.send({ t: 'ev', id: component.id, n: 'click', q: 2 })
    expect(await again.next((m) => m.t === 'err')).to.include({ code: 'forbidden', id: component.id })
  })

  it('removes a component without a login URL, and leaves the sockets of other sessions alone', async () => {
    const ada = await tabA('x-private')
    const other = await tabA('x-private')
    await fetch(`${two.url}/logout`, { headers: { cookie: ada.session } })
    expect(await ada.client.next((m) => m.t === 'rm')).to.include({ id: ada.component.id })
    await until(() => !ada.client.open, 'the socket to close')
    other.client.send({ t: 'ev', id: other.component.id, n: 'click', q: 2 })
    expect(await other.client.next((m) => 'q' in m && m.q === 2)).to.satisfy(isRender)
  })

  it('sees a logout in the session store on the next event once userRefreshMs passed', async () => {
    const store = new Map<string, string>()
    const node = await startExample({ components: [XPrivate], userRefreshMs: 1, user: (ctx) => {
      const name = store.get(ctx.cookies.get('rx_sid') ?? '')
      return name ? { name } : undefined
    } }, { routes: [routes(() => node)] })
    try {
      const page = await getPage(`${node.url}/counter`)
      expect((await getPage(`${node.url}/c/x-private`, page.cookie)).components, 'a visitor sees nothing').to.have.length(0)
      store.set(page.cookie.split('=')[1], 'ada')
      const logged = await getPage(`${node.url}/c/x-private`, page.cookie)
      const client = await WireClient.open(node.url, { cookie: page.cookie })
      clients.push(client)
      const [component] = logged.components
      client.send({ t: 'join', p: 'a', c: [component] })
      client.send({ t: 'ev', id: component.id, n: 'click', q: 1 })
      expect(await client.next((m) => 'q' in m && m.q === 1)).to.satisfy(isRender)
      store.clear()
      await new Promise((resolve) => setTimeout(resolve, 5))
      client.send({ t: 'ev', id: component.id, n: 'click', q: 2 })
      expect(await client.next((m) => m.t === 'err')).to.include({ code: 'forbidden', id: component.id })
      client.close()
    } finally {
      await node.close()
    }
  })
})
