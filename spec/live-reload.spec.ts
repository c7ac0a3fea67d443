// Live reload is development's only (spec/browser/live-reload.spec.ts shows it in Chromium): in production a page
// carries no version of its templates and a socket takes no `reload` message; a token from another version of a
// class keeps the state that still fits in development (a field that no longer fits is said once in the log), and
// is refused in production as before.
import { expect } from 'chai'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Component, Reactor, t } from '../src/index.js'
import { ValidationError } from '../src/core/schema.js'
import { sign } from '../src/core/token.js'
import { getPage, SECRET, startExample, WireClient, type Running } from './support/server.js'

class XFit extends Component {
  static template = 'x-fit'
  static state = { amount: t.int(), note: t.int(), step: t.int() }
  amount = 0
  note = 0
  step = 10
}

describe('live reload: development only', () => {
  describe('the page and the socket', () => {
    let node: Running | undefined
    afterEach(() => node?.close())

    for (const [what, options, shown] of [
      ['development', { development: true }, true],
      ['development without watched templates', { development: true, watch: false }, false],
      ['production', { development: false }, false],
    ] as const) {
      it(`${what}: the page ${shown ? 'says' : 'does not say'} which version of its templates it shows, and its socket ${shown ? 'hears of changes' : 'takes no reload message'}`, async () => {
        node = await startExample(options)
        const page = await getPage(`${node.url}/two`)
        expect(page.html).to.match(shown ? /<meta name="reactor-live" content="[\w-]+\.0"><script defer src=/ : /^(?![\s\S]*reactor-live)/)
        const client = await WireClient.open(node.url, { cookie: page.cookie })
        try {
          client.send({ t: 'reload' })
          const answer = await client.next((m) => m.t === 'reload' || m.t === 'err')
          if (shown) expect(answer).to.deep.equal({ t: 'reload', v: /content="([^"]+)"/.exec(page.html)![1] })
          else expect(answer).to.include({ t: 'err', code: 'unknown-type' })
        } finally {
          client.close()
        }
      })
    }
  })

  describe('a token from an earlier version of the class', () => {
    let views: string
    before(() => {
      views = mkdtempSync(join(tmpdir(), 'koa-reactor-outdated-'))
      writeFileSync(join(views, 'x-fit.pug'), 'span= amount\n')
    })
    after(() => rmSync(views, { recursive: true, force: true }))

    /** A token as the class's earlier version sealed it: `note` was a string then, `step` did not exist. */
    function earlier(reactor: Reactor) {
      const { ring } = reactor.engine
      const now = Math.floor(Date.now() / 1000)
      const sid = ring.bindSession(ring.current, 'session-1')
      return sign(ring.current, { cmp: 'x-fit', cid: 'rx-1', sid, ver: 'old', iat: now, exp: now + 60, st: { amount: 3, note: 'a note', gone: true } })
    }

    it('development: keeps what fits, starts the rest from the defaults, and says once which field it could not keep', () => {
      const warnings: string[] = []
      const reactor = new Reactor({ development: true, secret: SECRET, views, components: [XFit], logger: { warn: (m) => warnings.push(m), error: () => {} } })
      const expected = { session: 'session-1', cid: 'rx-1' }
      for (let i = 0; i < 2; i++) {
        const { claims, stale } = reactor.engine.verify(earlier(reactor), expected)
        expect(stale).to.equal(true)
        expect(claims.st).to.deep.equal({ amount: 3, note: 0, step: 10 })
      }
      const said = warnings.filter((w) => w.includes('x-fit changed'))
      expect(said).to.have.length(1)
      expect(said[0]).to.include('"note" ("a note") does not fit its declaration now, so it starts from its default (0)')
    })

    it('production: refuses it, as before', () => {
      const reactor = new Reactor({ development: false, secret: SECRET, views, components: [XFit], logger: { warn: () => {}, error: () => {} } })
      expect(() => reactor.engine.verify(earlier(reactor), { session: 'session-1', cid: 'rx-1' })).to.throw(ValidationError, /note/)
    })
  })
})
