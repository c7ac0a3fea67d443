// The live dashboard (src/features/dashboard): what it shows after a page's events, who may see it, and that
// nothing of it exists until the app mounts it.
import { expect } from 'chai'
import Koa from 'koa'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Reactor } from '../src/index.js'
import type { ServerMessage } from '../src/wire/protocol.js'
import { getPage, SECRET, startExample, WireClient, type Running } from './support/server.js'
import { until } from './support/until.js'
import { logIn, read } from './support/dashboard.js'

const isFor = (id: string, q: number) => (m: ServerMessage) => 'id' in m && m.id === id && 'q' in m && m.q === q

describe('the dashboard', () => {
  describe('in the example app, mounted at /admin/dashboard', () => {
    let node: Running
    let cookie: string
    before(async () => {
      node = await startExample()
      cookie = await logIn(node.url)
    })
    after(() => node.close())

    const dashboard = async () => read((await getPage(`${node.url}/admin/dashboard`, cookie)).html)

    it('shows the events, their times, the sockets, the slowest handlers and a failing handler\'s error code', async () => {
      const before = await dashboard()
      expect(before.events).to.equal(0)
      expect(before.p50, 'no event yet: no time').to.equal('–')
      const page = await getPage(`${node.url}/two`)
      const [counter, boom] = page.components
      const client = await WireClient.open(node.url, { cookie: page.cookie })
      try {
        client.send({ t: 'join', p: 'page1', c: [counter, boom].map(({ id, tok }) => ({ id, tok })) })
        for (const q of [1, 2, 3]) {
          client.send({ t: 'ev', id: counter.id, n: 'inc', q })
          await client.next(isFor(counter.id, q))
        }
        client.send({ t: 'ev', id: boom.id, n: 'explode', q: 1 })
        expect(((await client.next(isFor(boom.id, 1))) as { code: string }).code).to.equal('handler-failed')
        let after = await dashboard()
        await until(async () => (after = await dashboard()).events === 4, 'the dashboard to count 4 events')
        expect(after.sockets, 'the page\'s socket is open').to.equal(1)
        expect(after.components).to.equal(2)
        expect(after.p50).to.match(/^[\d.]+ m?s$/)
        expect(after.p99).to.match(/^[\d.]+ m?s$/)
        expect(after.codes).to.deep.equal({ 'handler-failed': 1 })
        expect(after.handlers).to.have.members(['x-counter.inc', 'x-boom.explode'])
      } finally {
        client.close()
      }
      // the socket closed: it is no longer counted
      await until(async () => (await dashboard()).sockets === 0, 'the closed socket to leave the count')
    })

    it('sends a visitor who is not logged in to the login page', async () => {
      const res = await fetch(`${node.url}/admin/dashboard`, { redirect: 'manual' })
      expect(res.status).to.equal(302)
      expect(res.headers.get('location')).to.equal('/notes/login?next=/admin/dashboard')
    })
  })

  describe('in an app of its own', () => {
    const servers: Server[] = []
    const reactors: Reactor[] = []
    after(async () => {
      for (const server of servers) server.close()
      for (const reactor of reactors) await reactor.close()
    })

    async function serve(mount?: (reactor: Reactor, app: Koa) => void): Promise<string> {
      const reactor = new Reactor({ secret: SECRET, logger: { warn() {}, error() {} } })
      reactors.push(reactor)
      const app = reactor.attach(new Koa())
      mount?.(reactor, app)
      const server = app.listen(0, '127.0.0.1')
      servers.push(server)
      await new Promise((resolve) => server.once('listening', resolve))
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    }

    it('does not exist unless the app mounts it: no route answers, no page can place it', async () => {
      let placed: unknown
      const url = await serve((reactor, app) => {
        app.use(async (ctx, next) => {
          if (ctx.path !== '/place') return next()
          placed = reactor.registry.get('reactor-dashboard')
          ctx.body = 'ok'
        })
      })
      for (const path of ['/dashboard', '/admin/dashboard', '/__reactor__/dashboard']) {
        expect((await fetch(`${url}${path}`)).status, path).to.equal(404)
      }
      await fetch(`${url}/place`)
      expect(placed, 'the dashboard component is registered only by reactor.dashboard()').to.equal(undefined)
    })

    it('answers 403 to a user its `allowed` option refuses, and serves one it allows', async () => {
      const url = await serve((reactor, app) => {
        const dashboard = reactor.dashboard({ allowed: (user) => user === 'admin', node: 'spec-node' })
        app.use(async (ctx, next) => {
          ctx.state.user = ctx.get('x-user') || undefined
          return ctx.path === '/stats' ? dashboard(ctx, next) : next()
        })
      })
      expect((await fetch(`${url}/stats`)).status).to.equal(403)
      const res = await fetch(`${url}/stats`, { headers: { 'x-user': 'admin' } })
      expect(res.status).to.equal(200)
      const html = await res.text()
      expect(html).to.include('reactor-component="reactor-dashboard"')
      expect(html).to.match(/data-node="spec-node"/)
    })
  })
})
