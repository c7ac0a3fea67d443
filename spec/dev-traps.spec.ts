// The silent traps of a new user, said once in development (the terminal, and the page for the overlay), and left
// as they were in production: a handler that changes a field the token does not carry, a template that reads a
// name nothing defines, a component name with a typo, a server of your own the socket is not bound to, a route
// mounted before `reactor.attach(app)`, and a page another view engine renders that calls `reactorHeader()`.
import { expect } from 'chai'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Koa from 'koa'
import pug from 'pug'
import WebSocket from 'ws'
import { Reactor } from '../src/index.js'
import { devComponents, devPages, XCareful, XForgetful } from './fixtures/dev-components.js'
import { CORRECT, MISSPELT, removeTypoFolder, typoPage, writeTypo, XTypo } from './fixtures/typo.js'
import { getPage, SECRET, startExample, WireClient, type Running } from './support/server.js'

const VIEWS = fileURLToPath(new URL('./fixtures/views', import.meta.url))
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')

describe('silent traps, said in development', () => {
  let node: Running
  const start = (development: boolean) => startExample({ development, components: [...devComponents, XTypo] }, { routes: [devPages, typoPage] })
  beforeEach(async () => {
    writeTypo(CORRECT)
    node = await start(true)
  })
  afterEach(() => node.close())
  after(removeTypoFolder)
  const matching = (pattern: RegExp) => node.warnings.filter((w) => pattern.test(w))

  /** The page's component joined over a socket. */
  async function joined(path: string) {
    const page = await getPage(`${node.url}${path}`)
    const [{ id, tok }] = page.components
    const client = await WireClient.open(node.url, { cookie: page.cookie })
    client.send({ t: 'join', p: 'p1', c: [{ id, tok }] })
    return { client, id }
  }

  it('a handler that changes a field not in static state: the component, handler, field and fix, once; the page gets it for its overlay', async () => {
    const { client, id } = await joined('/dev/stash')
    client.send({ t: 'ev', id, n: 'remember', q: 1 })
    const warned = await client.next((m) => m.t === 'warn')
    expect(warned).to.deep.equal({
      t: 'warn', id, code: 'undeclared-state', dev: { component: 'x-stash', handler: 'remember' },
      msg: 'x-stash.remember changed "note", which is not in static state: the next event resets it. Declare it in static state, or compute it in a getter.',
    })
    client.send({ t: 'ev', id, n: 'remember', q: 2 })
    await client.next((m) => m.t === undefined && m.q === 2)
    expect(client.received.filter((m) => m.t === 'warn')).to.deep.equal([])
    expect(matching(/note/)).to.deep.equal([
      'koa-reactor: x-stash.remember changed "note", which is not in its static state, so the next event resets it (the token ' +
        'carries only declared state); declare it in static state (note: t.…()), or keep it where it lasts (a database, the session) and compute it in a getter',
    ])
    client.close()
  })

  it('a template that reads a name nothing defines: an error naming the Pug file, its line and the near name', async () => {
    writeTypo(MISSPELT)
    const res = await fetch(`${node.url}/typo`)
    expect(res.status).to.equal(500)
    const expected =
      'XTypo reads "amonut", which is not a field of XTypo, a local of the template or a helper, so it would render empty ' +
      '(did you mean "amount"?); declare it on the component (in static state, or as a getter), or correct the name'
    expect(text(await res.text())).to.match(/x-typo\.pug:2: the template of XTypo reads "amonut"/).and.to.include(expected)
  })

  it('a template edited while the page is open: the next render is an error for the overlay, with the file and line', async () => {
    const { client, id } = await joined('/typo')
    writeTypo(MISSPELT)
    client.send({ t: 'ev', id, n: 'inc', q: 1 })
    const err = await client.next((m) => m.t === 'err')
    expect(err).to.include({ code: 'server-error', id, q: 1 })
    expect((err as { msg: string }).msg).to.match(/^rendering #\S+ failed: koa-reactor: \S*x-typo\.pug:2: the template of XTypo reads "amonut"/)
    client.close()
  })

  it('a component name with a typo: the registered name it is near', async () => {
    const res = await fetch(`${node.url}/dev/misnamed`)
    expect(res.status).to.equal(500)
    expect(text(await res.text())).to.include('no component named "x-forgetfull" (did you mean "x-forgetful"?); register its class in the `components` option')
  })

  it('none of it in production: the misspelt name renders empty, the handler warns nothing', async () => {
    const production = await start(false)
    try {
      writeTypo(MISSPELT)
      expect((await getPage(`${production.url}/typo`)).html).to.include('<span class="count"></span>')
      const page = await getPage(`${production.url}/dev/stash`)
      const client = await WireClient.open(production.url, { cookie: page.cookie })
      client.send({ t: 'join', p: 'p1', c: [{ id: page.components[0]!.id, tok: page.components[0]!.tok }] })
      client.send({ t: 'ev', id: page.components[0]!.id, n: 'remember', q: 1 })
      await client.next((m) => m.t === undefined && m.q === 1)
      expect(client.received.filter((m) => m.t === 'warn')).to.deep.equal([])
      expect(production.warnings).to.deep.equal([])
      client.close()
    } finally {
      await production.close()
    }
  })
  it('in production no class uses the develop capability, so none of its code runs on a mount or an event', () => {
    const usersOf = (development: boolean) => {
      const reactor = new Reactor({ secret: SECRET, views: VIEWS, development, components: [XForgetful, XCareful] })
      return reactor.registry.all.filter((entry) => entry.uses.some((use) => use.plugin.name === 'develop')).map((entry) => entry.name)
    }
    expect(usersOf(true)).to.deep.equal(['x-forgetful', 'x-careful'])
    expect(usersOf(false)).to.deep.equal([])
  })
})

/** An app on a server of its own: `reactor.attach(app)`, `http.createServer(app.callback())` (or HTTPS). */
function ownServer(make: (app: Koa) => Server = (app) => createHttpServer(app.callback())) {
  const warnings: string[] = []
  const reactor = new Reactor({ secret: SECRET, views: VIEWS, components: [XForgetful, XCareful], logger: { warn: (m) => warnings.push(m), error: (m) => warnings.push(m) } })
  const app = reactor.attach(new Koa())
  app.use((ctx) => ctx.reactor.render('dev-props.pug'))
  const server = make(app)
  const listening = new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as AddressInfo).port}`)))
  return { reactor, server, warnings, listening, close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) }
}

const UNBOUND = /^koa-reactor: page dev-props\.pug renders components, but no server serves the component socket \(\/__reactor__\), so none of them is live; .*call reactor\.listen\(server\) once it is made, or start the app with app\.listen\(\)$/

describe('your own http.Server', () => {
  it('without reactor.listen(server): the socket answers no upgrade, and the first page with components warns once, naming the fix', async () => {
    const own = ownServer()
    try {
      const host = await own.listening
      const first = await getPage(`http://${host}/`)
      await getPage(`http://${host}/`)
      expect(own.warnings.filter((w) => UNBOUND.test(w))).to.have.length(1)
      expect(first.html).to.match(/<script defer src="[^"]+" data-url="\/__reactor__" data-dev data-warn="koa-reactor: page dev-props\.pug renders components, but no server serves/)
      const refused = await new Promise<string>((resolve) => new WebSocket(`ws://${host}/__reactor__`).on('error', (e) => resolve(e.message)).on('open', () => resolve('open')))
      expect(refused).to.equal('Unexpected server response: 200')
    } finally {
      await own.close()
    }
  })

  it('reactor.listen(server) serves the socket on it: no warning, and events are answered', async () => {
    const own = ownServer()
    try {
      expect(own.reactor.listen(own.server)).to.equal(own.server)
      const host = await own.listening
      const page = await getPage(`http://${host}/`)
      expect(page.html).not.to.include('data-warn')
      const [{ id, tok }] = page.components
      const client = await WireClient.open(`http://${host}`, { cookie: page.cookie })
      client.send({ t: 'join', p: 'p1', c: [{ id, tok }] })
      client.send({ t: 'ev', id, n: 'click', q: 1 })
      expect(await client.next((m) => m.t === undefined && m.q === 1)).to.have.property('id', id)
      client.close()
      expect(own.warnings.filter((w) => w.includes('socket'))).to.deep.equal([])
    } finally {
      await own.close()
    }
  })

  it('and an HTTPS server', async function () {
    const dir = mkdtempSync(join(tmpdir(), 'reactor-tls-'))
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')]
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '1', '-keyout', key, '-out', cert], { stdio: 'ignore' })
    const own = ownServer((app) => createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, app.callback()))
    try {
      own.reactor.listen(own.server)
      const host = await own.listening
      const opened = await new Promise<string>((resolve) => new WebSocket(`wss://${host}/__reactor__`, { rejectUnauthorized: false }).on('open', function (this: WebSocket) { this.close(); resolve('open') }).on('error', (e) => resolve(e.message)))
      expect(opened).to.equal('open')
    } finally {
      await own.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reactor.listen before reactor.attach says to attach first', () => {
    const reactor = new Reactor({ secret: SECRET, views: VIEWS })
    expect(() => reactor.listen(createHttpServer())).to.throw('koa-reactor: reactor.listen(server) serves the socket of the app reactor.attach(app) returned; call reactor.attach(app) first')
  })
})

describe('composition mistakes', () => {
  /** Runs `app` on a server for one GET of `/`: the status, and the message of the error Koa reported. */
  async function once(app: Koa): Promise<{ status: number; error?: string }> {
    let error: string | undefined
    app.silent = true
    app.on('error', (e: Error) => (error = e.message))
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
      return { status: res.status, ...(error ? { error } : {}) }
    } finally {
      server.close()
    }
  }

  it('a route mounted before reactor.attach(app): ctx.reactor says to attach first', async () => {
    const reactor = new Reactor({ secret: SECRET, views: VIEWS, components: [XForgetful], logger: { warn() {}, error() {} } })
    const app = new Koa()
    app.use((ctx) => ctx.reactor.render('dev-props.pug'))
    reactor.attach(app)
    expect(await once(app)).to.deep.equal({
      status: 500,
      error: 'koa-reactor: ctx.reactor is not set: this middleware runs before the one reactor.attach(app) adds; call reactor.attach(app) before app.use(...) of the routes that render pages (a router included)',
    })
  })

  it("a page koa-views renders (ctx.state as locals) that calls reactorHeader(): what to render it with instead", async () => {
    const reactor = new Reactor({ secret: SECRET, views: VIEWS, components: [XForgetful], logger: { warn() {}, error() {} } })
    const app = reactor.attach(new Koa())
    // what koa-views' ctx.render does: the file rendered by Pug itself, with ctx.state and the locals
    app.use((ctx) => (ctx.body = pug.renderFile(join(VIEWS, 'dev-props.pug'), { ...ctx.state })))
    const { status, error } = await once(app)
    expect(status).to.equal(500)
    expect(error).to.include("koa-reactor: reactorHeader() was called from a template koa-reactor does not render (koa-views' ctx.render, or another view engine), where its components cannot be placed; render pages with components with ctx.reactor.render(view, locals)")
  })
})
