// The component socket that `reactor.attach` serves on the http server's upgrade event: middleware on `app.ws`
// runs on each socket's context, the `user` option reads a context built from the upgrade's URL and headers
// (the socket keeps no request), pings from a client are answered, and upgrades for other paths are left to the
// server's other listeners.
import { expect } from 'chai'
import Koa, { type Context, type Next } from 'koa'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { WebSocket, WebSocketServer } from 'ws'
import { Reactor, type ReactorOptions } from '../src/index.js'
import { apply } from '../src/core/diff.js'
import { isRender, type RenderMessage } from '../src/wire/protocol.js'
import { XPrivate } from './fixtures/server-components.js'
import { getPage, SECRET, WireClient } from './support/server.js'

const views = ['../example/views', 'fixtures/views'].map((p) => fileURLToPath(new URL(p, import.meta.url)))
const quiet = { warn() {}, error() {} }

/** What a session store does: the member its cookie names, on `ctx.state` (after a look-up that takes a while). */
const session = async (ctx: Context, next: Next) => {
  await new Promise((resolve) => setTimeout(resolve, 20))
  ctx.state.member = ctx.cookies.get('member')
  await next()
}

/** The user a `member` cookie names. */
const memberOf = (ctx: Context) => (ctx.cookies.get('member') ? { name: ctx.cookies.get('member') } : undefined)

/** An app with XPrivate at /private (it needs a user); `socketMiddleware` goes on `app.ws`. */
async function start(options: ReactorOptions, socketMiddleware = false) {
  const reactor = new Reactor({ secret: SECRET, views, components: [XPrivate], logger: quiet, ...options })
  const koa = new Koa()
  koa.use(session)
  const app = reactor.attach(koa)
  if (socketMiddleware) app.ws.use(session)
  app.use((ctx) => ctx.render('server-api.pug', { name: 'x-private', props: {} }))
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const close = async () => {
    await new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())))
    await reactor.close()
  }
  return { url, server, close }
}

/** Joins the private component with `cookie` and clicks it `times` times; the answers. */
async function clicks(url: string, times: number, member?: string) {
  const page = await getPage(`${url}/private`, 'member=ada')
  const [component] = page.components
  const client = await WireClient.open(url, { cookie: member ? `${page.cookie}; member=${member}` : page.cookie })
  client.send({ t: 'join', p: 'p', c: [component] })
  const answers = []
  for (let q = 1; q <= times; q++) {
    client.send({ t: 'ev', id: component!.id, n: 'click', q })
    answers.push(await client.next((m) => 'q' in m && m.q === q))
  }
  client.close()
  return answers
}

describe('the socket reactor.attach serves', () => {
  it("runs app.ws middleware on each socket's context when it opens: the user option sees what it set", async () => {
    const app = await start({ user: (ctx) => (ctx.state.member ? { name: ctx.state.member } : undefined) }, true)
    try {
      const [answer] = await clicks(app.url, 1, 'ada')
      expect(answer).to.satisfy(isRender)
      expect((answer as { html: string }).html).to.contain('<span class="clicks">1</span>')
      // without the member cookie the middleware finds no user: the component is not available to it
      expect((await clicks(app.url, 1))[0]).to.include({ t: 'err', code: 'forbidden' })
    } finally {
      await app.close()
    }
  })

  it("runs the user option again, before each event, on a context built from the upgrade's headers", async () => {
    const app = await start({ user: memberOf, userRefreshMs: 0 })
    try {
      const answers = await clicks(app.url, 3, 'ada')
      expect(answers.every(isRender), JSON.stringify(answers)).to.equal(true)
      const html = (answers as RenderMessage[]).reduce((text, r) => r.html ?? apply(text, r.d!), '')
      expect(html).to.contain('<span class="clicks">3</span>')
    } finally {
      await app.close()
    }
  })

  it('closes a socket whose frame is over the size limit, and the node goes on', async () => {
    const app = await start({ user: memberOf, limits: { messageBytes: 1000 } })
    try {
      const big = await WireClient.open(app.url)
      const code = new Promise((resolve) => big.ws.once('close', resolve))
      big.send('x'.repeat(10_000))
      expect(await code).to.equal(1009)
      expect(await clicks(app.url, 1, 'ada')).to.satisfy((answers: unknown[]) => answers.every((a) => isRender(a as RenderMessage)))
    } finally {
      await app.close()
    }
  })

  it('compresses messages with permessage-deflate when the option is on and the browser offers it, and only then', async () => {
    for (const perMessageDeflate of [false, true]) {
      const app = await start({ user: memberOf, perMessageDeflate })
      try {
        const page = await getPage(`${app.url}/private`, 'member=ada')
        const ws = new WebSocket(`${app.url.replace('http', 'ws')}/__reactor__`, { headers: { cookie: `${page.cookie}; member=ada` }, perMessageDeflate: true })
        await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)))
        expect(ws.extensions, `perMessageDeflate: ${perMessageDeflate}`).to.equal(perMessageDeflate ? 'permessage-deflate' : '')
        ws.send(JSON.stringify({ t: 'join', p: 'p', c: [page.components[0]] }))
        ws.send(JSON.stringify({ t: 'ev', id: page.components[0]!.id, n: 'click', q: 1 }))
        const [answer] = (await new Promise((resolve) => ws.once('message', (data) => resolve([JSON.parse(String(data))])))) as [RenderMessage]
        expect(answer, 'an answer arrives either way').to.satisfy(isRender)
        ws.close()
      } finally {
        await app.close()
      }
    }
    expect(() => new Reactor({ perMessageDeflate: 'yes' as never })).to.throw(/perMessageDeflate.*true or false/)
  })

  it("answers a client's ping with a pong carrying its data, and events go on", async () => {
    const app = await start({ user: memberOf })
    try {
      const client = await WireClient.open(app.url)
      const pong = new Promise<string>((resolve) => client.ws.once('pong', (data) => resolve(String(data))))
      client.ws.ping('are you there')
      expect(await pong).to.equal('are you there')
      client.close()
      expect(await clicks(app.url, 2, 'ada')).to.satisfy((answers: unknown[]) => answers.every((a) => isRender(a as RenderMessage)))
    } finally {
      await app.close()
    }
  })

  it("leaves an upgrade for another path to the server's other upgrade listener", async () => {
    const app = await start({})
    const other = new WebSocketServer({ noServer: true })
    app.server.on('upgrade', (req, socket, head) => {
      if (req.url === '/other') other.handleUpgrade(req, socket, head, (ws) => ws.send(JSON.stringify({ t: 'theirs' })))
    })
    try {
      const client = await WireClient.open(app.url, { path: '/other' })
      const first = await client.next()
      expect(first).to.deep.equal({ t: 'theirs' })
      client.close()
      const ours = await WireClient.open(app.url)
      expect(ours.open).to.equal(true)
      ours.close()
    } finally {
      other.close()
      await app.close()
    }
  })
})
