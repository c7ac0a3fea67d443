import { expect } from 'chai'
import Koa from 'koa'
import { fileURLToPath } from 'node:url'
import { Reactor } from '../src/index.js'
import { isRender, type RenderMessage, type ServerMessage } from '../src/wire/protocol.js'
import { open, serve, type LivePage } from '../src/testing.js'
import * as fixtures from './fixtures/server-components.js'
import { journal, newsroom, people } from './fixtures/server-components.js'
import { WireClient } from './support/server.js'

const views = ['./fixtures/views'].map((p) => fileURLToPath(new URL(p, import.meta.url)))
const users: Record<string, { name: string; isStaff?: boolean }> = { ada: { name: 'Ada' }, root: { name: 'Root', isStaff: true } }

function start() {
  const warnings: string[] = []
  const reactor = new Reactor({
    secret: 'server-api-spec-secret-0123456789',
    views,
    components: Object.values(fixtures).filter((v) => typeof v === 'function' && 'template' in v) as never,
    user: (ctx) => users[ctx.cookies.get('user') ?? ''],
    transaction: async (work) => {
      journal.push('begin')
      const out = await work()
      journal.push('end')
      return out
    },
    logger: { warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
  })
  const app = reactor.attach(new Koa())
  app.use(async (ctx) => {
    const match = /^\/c\/([\w-]+)$/.exec(ctx.path)
    if (!match) return
    await ctx.render('server-api.pug', { name: match[1], props: JSON.parse(String(ctx.query.props ?? '{}')) })
  })
  return { reactor, app, warnings }
}

describe('server API', () => {
  let server: Awaited<ReturnType<typeof serve>>
  let warnings: string[]
  const pages: LivePage[] = []
  const load = async (path: string, cookie?: string) => {
    const page = await open(server.url, path, { cookie })
    pages.push(page)
    return page
  }

  before(async () => {
    const started = start()
    warnings = started.warnings
    server = await serve(started.app)
  })
  after(() => server.close())
  afterEach(() => pages.splice(0).forEach((p) => p.close()))

  describe('nested components', () => {
    it('renders children inside the parent, each with its own token and a stable id (given or derived)', async () => {
      const page = await load('/c/x-parent')
      const [parent, given, derived] = page.$$('[reactor-component]')
      expect(given.id).to.equal('kid-a')
      expect(derived.id).to.equal(`${parent.id}-2`)
      for (const el of [parent, given, derived]) expect(el.getAttribute('state')).to.match(/^[\w-]+\.[\w-]+\.[\w-]+$/)
      expect(new Set([parent, given, derived].map((el) => el.getAttribute('state'))).size).to.equal(3)
      expect(page.text('#kid-a .n')).to.equal('1')
      expect(page.text(`#${derived.id} .n`)).to.equal('2')
    })

    it('keeps the children DOM and state when the parent re-renders', async () => {
      const page = await load('/c/x-parent')
      await page.send('#kid-a', 'add', { by: 5 })
      expect(page.text('#kid-a .n')).to.equal('6')
      const reply = await page.send('.label', 'rename', { label: 'renamed' })
      expect(page.text('.label')).to.equal('renamed')
      expect(page.text('#kid-a .n'), 'the child keeps its own state').to.equal('6')
      expect(JSON.stringify(reply)).not.to.contain('class=\\"n\\"')
    })

    it('sends a message to another component of the page, and to the parent', async () => {
      const page = await load('/c/x-parent')
      await page.send('.label', 'bump')
      await page.next((m) => isRender(m) && m.id === 'kid-a')
      expect(page.text('#kid-a .n')).to.equal('11')
      await page.send('#kid-a', 'tell')
      await page.next((m) => isRender(m) && m.id === page.component('.label').id)
      expect(page.text('.heard')).to.equal('11')
    })

    it('keeps internal handlers from the browser (not-a-handler) while the page\'s components reach them', async () => {
      const page = await load('/c/x-parent')
      const refused = await page.send('.label', 'childSaid', { n: 99 })
      expect(refused).to.include({ t: 'err', code: 'not-a-handler' })
      expect(page.text('.heard')).to.equal('0')
      await page.send('#kid-a', 'tell')
      await page.next((m) => isRender(m) && m.id === page.component('.label').id)
      expect(page.text('.heard')).to.equal('1')
    })

    it('refuses a class that declares a handler both for the browser and internal', () => {
      class XTwice extends fixtures.XChild {
        static internal = { add: {} }
      }
      // @ts-expect-error the types refuse it too: internal's add() {} does not give the handler its `by`
      expect(() => new Reactor({ secret: 'x'.repeat(32), views, components: [XTwice] })).to.throw(/both handlers and internal/)
    })

    it('refuses a child token swapped between two components', async () => {
      const page = await load('/c/x-parent')
      const [, a, b] = page.$$('[reactor-component]')
      const tokenOfB = b.getAttribute('state')
      const socket = (page as unknown as { ws: { send(s: string): void } }).ws
      socket.send(JSON.stringify({ t: 'ev', id: a.id, n: 'add', q: 99, tok: tokenOfB }))
      const error = await page.next((m) => m.t === 'err')
      expect(error).to.include({ code: 'wrong-id', id: a.id })
      expect(warnings.filter((w) => w.includes('wrong-id') && w.includes(a.id))).to.have.length(1)
    })
  })

  describe('navigation and removal', () => {
    it('visits a URL (advance or replace) and redirects over the socket', async () => {
      const page = await load('/c/x-nav')
      await page.send('.nav', 'go')
      expect(await page.next((m) => m.t === 'visit')).to.deep.equal({ t: 'visit', url: '/somewhere', action: 'advance' })
      await page.send('.nav', 'swap')
      expect(await page.next((m) => m.t === 'visit')).to.deep.equal({ t: 'visit', url: '/elsewhere', action: 'replace' })
      await page.send('.nav', 'leave')
      expect(await page.next((m) => m.t === 'visit')).to.deep.equal({ t: 'visit', url: '/bye', action: 'redirect' })
    })

    it('redirects the HTTP response when a component navigates during its first render', async () => {
      const redirected = await load(`/c/x-nav?props=${encodeURIComponent(JSON.stringify({ redirect: '/away' }))}`)
      expect([redirected.status, redirected.location]).to.deep.equal([302, '/away'])
      const visited = await load(`/c/x-nav?props=${encodeURIComponent(JSON.stringify({ visit: '/there' }))}`)
      expect([visited.status, visited.location]).to.deep.equal([302, '/there'])
    })

    it('removes a component that destroys itself', async () => {
      const page = await load('/c/x-nav')
      const reply = await page.send('.nav', 'vanish')
      expect(reply.t).to.equal('rm')
      expect(page.$('.nav')).to.equal(null)
    })

    it('answers a send to an id that is not on the page with an error for the sender', async () => {
      const page = await load('/c/x-nav')
      const id = page.component('.nav').id
      await page.send('.nav', 'nowhere')
      const error = await page.next((m) => m.t === 'err')
      expect(error).to.include({ code: 'no-such-component', id })
      expect((error as { msg: string }).msg).to.contain('rx-missing')
    })

    it('moves the focus on request', async () => {
      const page = await load('/c/x-nav')
      await page.send('.nav', 'look')
      expect(await page.next((m) => m.t === 'focus')).to.include({ sel: 'input' })
    })

    it('renders the root as the tag the component extends, with its root attributes', async () => {
      const page = await load('/c/x-nav')
      const root = page.component('.nav')
      expect(root.tagName).to.equal('SECTION')
      expect(root.getAttribute('data-kind')).to.equal('navigation')
    })
  })

  describe('subscriptions and broadcasts', () => {
    it('re-renders every subscribed component when a name is broadcast; subscriptions from the first render count', async () => {
      const one = await load('/c/x-news')
      const two = await load('/c/x-news')
      const before = newsroom.headlines
      await one.send('.headlines', 'publish')
      await two.next((m) => isRender(m))
      expect(two.text('.headlines')).to.equal(String(before + 1))
      expect(one.text('.headlines')).to.equal(String(before + 1))
    })
  })

  it('runs onCommit work after the handler and after the transaction', async () => {
    journal.splice(0)
    const page = await load('/c/x-commit')
    await page.send('.saved', 'save')
    expect(page.text('.saved')).to.equal('saved')
    expect(journal).to.deep.equal(['begin', 'handler', 'end', 'committed'])
  })

  describe('authorization', () => {
    it('renders an AuthComponent for a logged-in user, on every event too', async () => {
      const page = await load('/c/x-secret', 'user=ada')
      await page.send('.clicks', 'click')
      expect(page.text('.clicks')).to.equal('1')
    })

    it('redirects a visitor to the login URL, or removes the component without one', async () => {
      const redirected = await load('/c/x-secret')
      expect([redirected.status, redirected.location]).to.deep.equal([302, '/login'])
      const removed = await load('/c/x-private')
      expect(removed.status).to.equal(200)
      expect(removed.$('[reactor-component]')).to.equal(null)
    })

    it('checks the user on every event, not only at mount', async () => {
      const page = await load('/c/x-private', 'user=ada')
      const root = page.$('[reactor-component]')!
      const session = page.cookie.split('; ').find((c) => c.startsWith('rx_sid='))!
      // the same browser session after logging out: same token, no user
      const client = await WireClient.open(server.url, { cookie: session })
      client.send({ t: 'join', p: 'p', c: [{ id: root.id, tok: root.getAttribute('state')! }] })
      client.send({ t: 'ev', id: root.id, n: 'click', q: 1 })
      expect(await client.next((m) => m.t === 'err')).to.include({ code: 'forbidden', id: root.id })
      expect(await client.next((m) => m.t === 'rm')).to.include({ id: root.id })
      client.close()
    })

    it('refuses a staff handler to a user who is not staff', async () => {
      const staff = await load('/c/x-staff-only', 'user=root')
      await staff.send('.promoted', 'promote')
      expect(staff.text('.promoted')).to.equal('yes')
      const notStaff = await load('/c/x-staff-only', 'user=ada')
      expect(notStaff.$('[reactor-component]')).to.equal(null)
      // a user who is not staff, in the session where staff rendered it, calls the staff handler
      const root = (await load('/c/x-staff-only', 'user=root')).$('[reactor-component]')!
      const session = pages.at(-1)!.cookie.split('; ').find((c) => c.startsWith('rx_sid='))!
      const client = await WireClient.open(server.url, { cookie: `${session}; user=ada` })
      client.send({ t: 'join', p: 'p', c: [{ id: root.id, tok: root.getAttribute('state')! }] })
      client.send({ t: 'ev', id: root.id, n: 'promote', q: 1 })
      expect(await client.next((m) => m.t === 'err')).to.include({ code: 'forbidden', id: root.id })
      client.close()
    })
  })

  describe('typed handler arguments', () => {
    it('coerces like the seed: "2" -> 2, "on" -> true, a lone value -> a list, nested objects', async () => {
      const page = await load('/c/x-typed')
      await page.send('.got', 'typed', { n: '2', on: 'on', tags: 'solo', person: { name: 'Ada', age: '36' } })
      expect(JSON.parse(page.text('.got')!)).to.deep.equal({ n: 2, on: true, tags: ['solo'], person: { name: 'Ada', age: 36 } })
    })

    it('fills optional arguments and defaults', async () => {
      const page = await load('/c/x-typed')
      await page.send('.got', 'optional', { size: '' })
      expect(JSON.parse(page.text('.got')!)).to.deep.equal({ size: 1 })
    })

    it('names a missing or wrong argument in the error', async () => {
      const page = await load('/c/x-typed')
      const error = await page.send('.got', 'typed', { n: 'two', on: 'maybe', tags: [], person: { name: 'Ada' } })
      expect(error).to.include({ t: 'err', code: 'bad-arguments' })
      const msg = (error as { msg: string }).msg
      for (const name of ['n ', 'on ', 'person.age']) expect(msg).to.contain(name)
    })

    it('accepts any Standard Schema validator, here zod', async () => {
      const page = await load('/c/x-typed')
      await page.send('.got', 'viaZod', { email: 'ada@example.org', count: '3' })
      expect(JSON.parse(page.text('.got')!)).to.deep.equal({ email: 'ada@example.org', count: 3 })
      const error = await page.send('.got', 'viaZod', { email: 'nope', count: '3' })
      expect(error).to.include({ code: 'bad-arguments' })
      expect((error as { msg: string }).msg).to.contain('email')
    })
  })

  describe('model references', () => {
    it('keeps only the key in the token and loads the record again on every rebuild', async () => {
      const page = await load(`/c/x-person?props=${encodeURIComponent(JSON.stringify({ person: 1 }))}`)
      expect(page.text('.name')).to.equal('Ada')
      const tok = page.$('[reactor-component]')!.getAttribute('state')!
      expect(JSON.parse(Buffer.from(tok.split('.')[1], 'base64url').toString()).st).to.deep.equal({ person: 1 })
      await page.send('.name', 'shout')
      expect(page.text('.name')).to.equal('ADA')
      people.set(1, { id: 1, name: 'Grace' })
      await page.send('.name', 'look')
      expect(page.text('.name'), 'changed in the data layer meanwhile').to.equal('Grace')
      people.delete(1)
      await page.send('.name', 'look')
      expect(page.text('.name')).to.equal('gone')
    })
  })
})
