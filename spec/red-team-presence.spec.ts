// Red team: presence as a visitor can abuse it: an older token of a component with replay protection (the
// back button, a saved page) joined again must not put its older entry back on the topic; a topic named after
// another topic's Redis keys must not break it; and a node's Redis blip must not hide its users for good.
import { expect } from 'chai'
import { open, type LivePage } from '../src/testing.js'
import { whoPage, XWho, XWhoOnce } from './fixtures/presence-components.js'
import { Proxy } from './support/proxy.js'
import { RedisServer } from './support/redis.js'
import { getPage, startExample, WireClient, type Running } from './support/server.js'
import { until } from './support/until.js'

const names = (page: LivePage) => page.$$('.people li').map((li) => li.textContent)

describe('red team: presence', () => {
  let node: Running
  const pages: LivePage[] = []
  const clients: WireClient[] = []
  before(async () => {
    node = await startExample({ components: [XWho, XWhoOnce] }, { routes: [whoPage] })
  })
  afterEach(() => {
    pages.splice(0).forEach((page) => page.close())
    clients.splice(0).forEach((client) => client.close())
  })
  after(() => node.close())

  async function shows(page: LivePage, expected: string[]): Promise<void> {
    await until(() => JSON.stringify(names(page)) === JSON.stringify(expected), `the list to show ${expected.join(', ')} (it shows ${names(page).join(', ')})`)
  }

  /** A raw socket that joins `tok` as component `id` of a page of the browser with `cookie`. */
  async function join(cookie: string, id: string, tok: string): Promise<WireClient> {
    const client = await WireClient.open(node.url, { cookie })
    clients.push(client)
    client.send({ t: 'join', p: `page-${Math.random()}`, c: [{ id, tok }] })
    return client
  }

  it('refuses a join of an older token of a component with replay protection, and lists only the newest entry', async () => {
    const watcher = await open(node.url, '/who?topic=hall&name=watcher')
    pages.push(watcher)
    const first = await getPage(`${node.url}/who?topic=hall&name=ada&once=1`)
    const [{ id, tok: older }] = first.components
    const tab = await join(first.cookie, id, older)
    await shows(watcher, ['watcher', 'ada'])
    tab.send({ t: 'ev', id, n: 'rename', a: { name: 'robert' }, q: 1 })
    await tab.next((m) => 'id' in m && m.id === id && 'q' in m && m.q === 1)
    await shows(watcher, ['watcher', 'robert'])
    tab.close()
    await shows(watcher, ['watcher'])
    const back = await join(first.cookie, id, older)
    expect(await back.next((m) => m.t === 'err')).to.include({ id, code: 'replayed' })
    await watcher.send('.people', 'rename', { name: 'watcher' })
    expect(names(watcher), 'the older entry is not back').to.deep.equal(['watcher'])
  })

  it('puts an older token of a component without replay protection back on the topic (what replay protection is for)', async () => {
    const watcher = await open(node.url, '/who?topic=lobby&name=watcher')
    pages.push(watcher)
    const first = await getPage(`${node.url}/who?topic=lobby&name=ada`)
    const [{ id, tok: older }] = first.components
    const tab = await join(first.cookie, id, older)
    await shows(watcher, ['watcher', 'ada'])
    tab.close()
    await shows(watcher, ['watcher'])
    await join(first.cookie, id, older)
    await shows(watcher, ['watcher', 'ada'])
  })
})

describe('red team: presence over Redis', function () {
  let redis: RedisServer
  let proxy: Proxy
  let one: Running
  let two: Running
  const pages: LivePage[] = []
  before(async () => {
    redis = await RedisServer.start()
    // node one reaches Redis through a proxy that the spec can cut: its own blip, the other node stays connected
    proxy = await Proxy.start(`http://127.0.0.1:${redis.port}`)
    one = await startExample({ redis: proxy.url.replace('http', 'redis'), components: [XWho] }, { routes: [whoPage] })
    two = await startExample({ redis: redis.url, components: [XWho] }, { routes: [whoPage] })
  })
  after(async () => {
    pages.splice(0).forEach((page) => page.close())
    await one.close()
    await two.close()
    await proxy.close()
    await redis.stop()
  })

  it("keeps topics apart whatever their names: a visitor's topic named like another's keys breaks nothing", async () => {
    const ada = await open(one.url, '/who?topic=hall&name=ada')
    pages.push(ada)
    await until(() => names(ada).join() === 'ada', 'ada on hall')
    for (const topic of ['hall:meta', 'hall:meta:meta']) pages.push(await open(two.url, `/who?topic=${encodeURIComponent(topic)}&name=eve`))
    const bob = await open(two.url, '/who?topic=hall&name=bob')
    pages.push(bob)
    await until(() => names(ada).join() === 'ada,bob' && names(bob).join() === 'ada,bob', `ada and bob on hall (${names(ada)} / ${names(bob)})`)
    expect([...one.warnings, ...two.warnings].filter((w) => /WRONGTYPE|presence/i.test(w))).to.deep.equal([])
  })

  it("shows a node's users again on the other nodes once it is back, after they expired meanwhile", async function () {
    this.timeout(40_000)
    const ada = await open(one.url, '/who?topic=blip&name=ada')
    const bob = await open(two.url, '/who?topic=blip&name=bob')
    pages.push(ada, bob)
    const showsOn = (page: LivePage, expected: string[], ms = 15_000) =>
      until(() => JSON.stringify(names(page)) === JSON.stringify(expected), `the list to show ${expected.join(', ')} (it shows ${names(page).join(', ')})`, ms)
    await showsOn(bob, ['ada', 'bob'])
    proxy.cut()
    // ada's entry is not renewed: it expires, node two sweeps it and bob's list drops her
    await showsOn(bob, ['bob'])
    proxy.restore()
    await showsOn(bob, ['ada', 'bob'])
  })
})
