import { expect } from 'chai'
import Koa from 'koa'
import { fileURLToPath } from 'node:url'
import { Component, Reactor, cond, eq, ifnot, t, templateHelpers, tojson, tojsonSafe } from '../src/index.js'

const { then } = templateHelpers
import { KeyRing } from '../src/core/keys.js'
import { sign } from '../src/core/token.js'
import { patchToken } from '../src/core/diff.js'
import { type RenderMessage } from '../src/wire/protocol.js'
import { open, serve } from '../src/testing.js'
import { WireClient } from './support/server.js'

const views = fileURLToPath(new URL('./fixtures/views', import.meta.url))
const secret = 'templates-spec-secret-0123456789'

class XHelpers extends Component {
  static template = 'x-helpers.pug'
  static state = { flag: t.boolean(), count: t.int() }
  static handlers = { toggle: {} }
  flag = true
  count = 3
  get label() {
    return `label of ${this.id}`
  }
  get data() {
    return { text: '</script><b>', n: [1, 2] }
  }
  toggle() {
    this.flag = !this.flag
  }
}

async function page(options: { minify?: boolean } = {}) {
  const reactor = new Reactor({ secret, views, components: [XHelpers], ...options, logger: { warn() {}, error() {} } })
  const app = reactor.attach(new Koa())
  app.use((ctx) => ctx.render('server-api.pug', { name: 'x-helpers' }))
  const server = await serve(app)
  return { server, page: await open(server.url, '/') }
}

describe('templates', () => {
  describe("the seed's filters as functions", () => {
    it('then, ifnot, their chain, eq, cond', () => {
      expect([then(1, 'a'), then(0, 'a')]).to.deep.equal(['a', ''])
      expect([ifnot(0, 'b'), ifnot('x', 'b')]).to.deep.equal(['b', 'x'])
      expect([ifnot(then(true, 'yes'), 'no'), ifnot(then(false, 'yes'), 'no')]).to.deep.equal(['yes', 'no'])
      expect([eq(3, '3'), eq(3, 4)]).to.deep.equal(['yes', ''])
      expect(cond({ hidden: true, shown: false, bold: 1 })).to.equal('hidden bold')
    })

    it('tojson turns records into keys and sets into lists; tojsonSafe is safe inside <script>', () => {
      const record = { [Symbol.for('koa-reactor.primaryKey')]: 7, name: 'x' }
      expect(tojson({ r: record, s: new Set([1, 2]) })).to.equal('{"r":7,"s":[1,2]}')
      expect(tojsonSafe({ t: '</script>&' })).to.equal('{"t":"\\u003c/script\\u003e\\u0026"}')
    })
  })

  describe('a component template', () => {
    let started: Awaited<ReturnType<typeof page>>
    afterEach(async () => {
      started.page.close()
      await started.server.close()
    })

    it('has `this` as the component and the helpers in scope', async () => {
      started = await page()
      const { page: p } = started
      const id = p.component('.this').id
      expect(p.text('.this')).to.equal(`label of ${id}`)
      expect([p.text('.then'), p.text('.chain'), p.text('.eq')]).to.deep.equal(['on', 'yes', 'yes'])
      expect(p.$('p.shown')).not.to.equal(null)
      expect(p.$('p.active')).not.to.equal(null)
      expect(JSON.parse(p.$('.json')!.getAttribute('data-json')!)).to.deep.equal({ text: '</script><b>', n: [1, 2] })
      expect(p.$('[reactor-component] script')!.textContent).to.contain('\\u003c/script\\u003e')
      await p.send('.this', 'toggle')
      expect([p.text('.then'), p.text('.chain')]).to.deep.equal(['', 'no'])
      expect(p.$('p.hidden')).not.to.equal(null)
    })

    it('is sent as written by default, and minified on request except inside <pre> and <textarea>', async () => {
      started = await page()
      const plain = (await (await fetch(started.server.url)).text())
      expect(plain).to.contain('<p class="spaced">   spread   over   lines</p>')
      started.page.close()
      await started.server.close()
      started = await page({ minify: true })
      const min = await (await fetch(started.server.url)).text()
      expect(min).to.contain('<p class="spaced"> spread over lines</p>')
      expect(min).to.contain('keep   these\n   spaces')
      expect(min).to.contain('and   these')
      expect(started.page.text('.spaced')).to.equal('spread over lines')
    })
  })

  it('re-mounts a token from another version of the component code instead of failing', async () => {
    const reactor = new Reactor({ secret, views, components: [XHelpers], logger: { warn() {}, error() {} } })
    const app = reactor.attach(new Koa())
    app.use((ctx) => ctx.render('server-api.pug', { name: 'x-helpers' }))
    const server = await serve(app)
    const res = await fetch(server.url)
    const cookie = res.headers.get('set-cookie')!.split(';')[0]
    const ring = new KeyRing([secret])
    const now = Math.floor(Date.now() / 1000)
    const sid = ring.bindSession(ring.current, cookie.split('=')[1])
    const tok = sign(ring.current, { cmp: 'x-helpers', cid: 'rx-old', sid, ver: 'older', iat: now, exp: now + 60, st: { flag: false, count: 3 } })
    const client = await WireClient.open(server.url, { cookie })
    client.send({ t: 'join', p: 'p', c: [{ id: 'rx-old', tok }] })
    const render = (await client.next()) as RenderMessage
    expect(render.t).to.equal(undefined)
    expect(render.html).to.contain('<p class="chain">no</p>')
    const fresh = render.tok ?? patchToken(tok, render.p!, render.s!)
    expect(JSON.parse(Buffer.from(fresh.split('.')[1], 'base64url').toString()).ver).to.equal(reactor.registry.all[0].version)
    client.close()
    await server.close()
  })
})
