// koa-reactor in someone else's Koa app: it keeps the app's own ctx.render, sets its cookie only where it
// needs one, answers HEAD, and refuses options and secrets that would fail later, saying what to change.
import { expect } from 'chai'
import Koa from 'koa'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { XCounter } from '../example/components/counter.js'
import { Reactor, type Feature, type ReactorOptions } from '../src/index.js'
import type { Check } from '../src/koa/options.js'
import { serve } from '../src/testing.js'
import { resolveSecrets } from '../src/core/secrets.js'
import { SECRET } from './support/server.js'

const views = ['../example/views', 'fixtures/views'].map((p) => fileURLToPath(new URL(p, import.meta.url)))
const quiet = { warn() {}, error() {} }

/** An app with the reactor, `before` ahead of it, and the routes of `routes`. */
async function start(routes: Record<string, Koa.Middleware>, before?: Koa.Middleware, options: ReactorOptions = {}) {
  const reactor = new Reactor({ secret: SECRET, views, components: [XCounter], logger: quiet, ...options })
  const koa = new Koa()
  if (before) koa.use(before)
  const app = reactor.attach(koa)
  app.use(async (ctx, next) => (routes[ctx.path] ? routes[ctx.path]!(ctx, next) : next()))
  const running = await serve(app)
  return { ...running, reactor, close: async () => (await running.close(), await reactor.close()) }
}

describe('koa-reactor in a Koa app', () => {
  it("keeps the app's own ctx.render (koa-views), and renders its pages with ctx.reactor.render and reactor.render", async () => {
    // what koa-views 8 does (its peer @types/koa@2 keeps it out of this repository): it leaves a ctx.render it finds
    const theirs: Koa.Middleware = async (ctx, next) => {
      if ((ctx as { render?: unknown }).render) return next()
      ctx.render = async (view) => void (ctx.body = `their ${view}`)
      await next()
    }
    const app = await start(
      {
        '/theirs': (ctx) => ctx.render('home'),
        '/ours': (ctx) => ctx.reactor.render('counter', { title: 'ours' }),
        '/method': (ctx) => app.reactor.render(ctx, 'counter.pug', { title: 'method' }),
      },
      theirs,
    )
    try {
      expect(await (await fetch(`${app.url}/theirs`)).text()).to.equal('their home')
      for (const path of ['/ours', '/method']) {
        const html = await (await fetch(app.url + path)).text()
        expect(html).to.match(/<title>(ours|method)<\/title>/)
        expect(html).to.match(/reactor-component="x-counter"/)
      }
    } finally {
      await app.close()
    }
  })

  it('offers ctx.render when the app has none, with view names with or without .pug', async () => {
    const app = await start({ '/a': (ctx) => ctx.render('plain', { greeting: 'a' }), '/b': (ctx) => ctx.render('plain.pug', { greeting: 'b' }) })
    try {
      expect(await (await fetch(`${app.url}/a`)).text()).to.contain('<p>a</p>')
      expect(await (await fetch(`${app.url}/b`)).text()).to.contain('<p>b</p>')
    } finally {
      await app.close()
    }
  })

  it('sets the session cookie only on responses that render components', async () => {
    const app = await start({
      '/plain': (ctx) => ctx.reactor.render('plain', { greeting: 'hi' }),
      '/counter': (ctx) => ctx.reactor.render('counter'),
      '/json': (ctx) => void (ctx.body = { ok: true }),
    })
    try {
      for (const path of ['/plain', '/json']) expect((await fetch(app.url + path)).headers.get('set-cookie'), path).to.equal(null)
      expect((await fetch(`${app.url}/counter`)).headers.get('set-cookie')).to.match(/^rx_sid=[\w-]+; path=\/; samesite=lax; httponly$/)
    } finally {
      await app.close()
    }
  })

  it('answers HEAD for the client script like GET, without a body', async () => {
    const app = await start({ '/counter': (ctx) => ctx.reactor.render('counter') })
    try {
      const src = (await (await fetch(`${app.url}/counter`)).text()).match(/src="([^"]+)"/)![1]!
      const [get, head] = await Promise.all(['GET', 'HEAD'].map((method) => fetch(app.url + src, { method, headers: { 'accept-encoding': 'identity' } })))
      expect(head!.status).to.equal(200)
      expect(head!.headers.get('content-type')).to.equal(get!.headers.get('content-type'))
      expect(head!.headers.get('content-length')).to.equal(get!.headers.get('content-length'))
      expect(await head!.text()).to.equal('')
    } finally {
      await app.close()
    }
  })
})

describe('new Reactor(options)', () => {
  const attempt = (options: unknown) => () => new Reactor({ secret: SECRET, logger: quiet, ...(options as object) })

  it('names an unknown option and the one that was meant', () => {
    expect(attempt({ component: [XCounter] })).to.throw(/unknown option `component` \(did you mean `components`\?\)/)
    expect(attempt({ colour: 'red' })).to.throw(/unknown option `colour`; the options are components, views, secret/)
  })

  it('names an option of the wrong type, what it must be and what it is', () => {
    expect(attempt({ components: [class Foo {}] })).to.throw(/`components` must be a list of Component classes .*; it is a list \(Foo\)/)
    expect(attempt({ tokenTtl: -5 })).to.throw(/`tokenTtl` must be a number of seconds greater than 0; it is number -5/)
    expect(attempt({ prefix: 'app' })).to.throw(/`prefix` must be a URL path that starts with '\/'/)
    expect(attempt({ origins: ['example.com'] })).to.throw(/`origins` must be a list of origins, each like 'https:\/\/example.com'/)
    expect(attempt({ logger: {} })).to.throw(/`logger` must be an object with warn and error methods \(debug and info optional\), like console or a pino logger/)
  })

  it('takes undefined as the default', () => {
    expect(attempt({ views: undefined, prefix: undefined })).not.to.throw()
  })

  it('checks the options capabilities add, built in (uploads) or given as plugins, with the same messages', () => {
    expect(attempt({ uploads: 5 })).to.throw(/`uploads` must be an UploadStore \(new DirectoryStore\(folder, shared\), or an object with offset, append, complete, remove and sweep\); it is number 5/)
    const lastSeen: Feature = Object.assign(() => ({ name: 'last-seen' }), { options: { seenEvery: [(v: unknown) => typeof v === 'number', 'a number of milliseconds'] as Check } })
    expect(attempt({ seenEvery: 1000 })).to.throw(/unknown option `seenEvery`; the options are .*, plugins, .*uploads$/)
    expect(attempt({ seenEvery: 'often', plugins: [lastSeen] })).to.throw(/`seenEvery` must be a number of milliseconds; it is "often"/)
    expect(attempt({ seenEvery: 1000, plugins: [lastSeen] })).not.to.throw()
  })
})

describe('secrets', () => {
  const production = (secret: string) => () => resolveSecrets({ env: { NODE_ENV: 'production', REACTOR_SECRET: secret } })

  it('refuses a secret shorter than 32 bytes in production, saying what to set', () => {
    expect(production('short-secret')).to.throw(/is 12 bytes long; production needs at least 32\. Set REACTOR_SECRET to a long random string/)
    expect(production(`${SECRET}, short`)).to.throw(/is 5 bytes long/)
    expect(production('x'.repeat(32))()).to.deep.equal(['x'.repeat(32)])
  })

  it('refuses in production every secret the README and the deploying guide show', () => {
    const readme = ['../README.md', '../docs/site/guide/deploying.md'].map((file) => readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8')).join('\n')
    const shown = [...readme.matchAll(/REACTOR_SECRET=([\w-]{8,})/g)].map((m) => m[1]!)
    expect(shown).not.to.deep.equal([])
    for (const secret of shown) expect(production(secret), secret).to.throw(/is the example from the README/)
  })

  it('keeps the development secret in node_modules/.cache/koa-reactor, never in the app folder', () => {
    const app = mkdtempSync(join(tmpdir(), 'rx-app-'))
    mkdirSync(join(app, 'node_modules'))
    const cwd = process.cwd()
    const warnings: string[] = []
    try {
      process.chdir(app)
      const [first] = resolveSecrets({ env: {}, warn: (m) => warnings.push(m) })
      const kept = join(app, 'node_modules', '.cache', 'koa-reactor', 'dev-secret')
      expect(readFileSync(kept, 'utf8').trim()).to.equal(first)
      expect(resolveSecrets({ env: {}, warn: () => {} })).to.deep.equal([first])
      expect(warnings[0]).to.contain(`using the development secret kept in ${kept}`)
    } finally {
      process.chdir(cwd)
      rmSync(app, { recursive: true, force: true })
    }
  })
})
