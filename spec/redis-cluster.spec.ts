// The bus on a real Redis Cluster (three masters, a replica each) with sharded pub/sub: broadcasts across two
// nodes, presence and the replay marks on it, and a master killed while a node broadcasts.
import { expect } from 'chai'
import { ClusterBus, type ReactorOptions } from '../src/index.js'
import { isRender } from '../src/wire/protocol.js'
import { board, XBoard } from './fixtures/board.js'
import { XWho, whoPage } from './fixtures/presence-components.js'
import { XOnce } from './fixtures/replay.js'
import { Follower, textOf } from './support/follow.js'
import { RedisCluster } from './support/redis-cluster.js'
import { getPage, startExample, temporaryDatabase, WireClient, type PageComponent, type Running } from './support/server.js'
import { until } from './support/until.js'
import { open as openLive, type LivePage } from '../src/testing.js'

interface Tab {
  client: WireClient
  board: PageComponent
  follow: Follower
}

const oncePage = async (ctx: { path: string; render(view: string): Promise<void> }, next: () => Promise<void>) =>
  ctx.path === '/once' ? ctx.render('once.pug') : next()

describe('the Redis Cluster bus (sharded pub/sub)', function () {
  this.timeout(60_000)
  let cluster: RedisCluster
  let a: Running
  let b: Running
  let database: ReturnType<typeof temporaryDatabase>
  const tabs: WireClient[] = []
  const pages: LivePage[] = []
  /** what the nodes' buses logged */
  const logged: string[] = []

  const node = async (): Promise<Running> => {
    const options: ReactorOptions = { bus: await ClusterBus.connect(cluster.urls.slice(0, 2), { logger: { warn: (m) => logged.push(m) } }), components: [XWho, XOnce] }
    const running = await startExample(options, { database: database.file, routes: [whoPage, oncePage as never] })
    await until(() => (running.reactor.engine.bus as ClusterBus).connected, 'the node on the cluster')
    return running
  }
  const busOf = (running: Running) => running.reactor.engine.bus as ClusterBus

  before(async () => {
    cluster = await RedisCluster.start()
    database = temporaryDatabase()
    a = await node()
    b = await node()
  })
  after(async () => {
    await a?.close()
    await b?.close()
    await cluster?.stop()
    database?.remove()
  })
  beforeEach(() => Object.assign(board, { hits: 0 }))
  afterEach(() => {
    for (const client of tabs.splice(0)) client.close()
    for (const page of pages.splice(0)) page.close()
  })

  async function open(running: Running, topics = ['board']): Promise<Tab> {
    const page = await getPage(`${running.url}/board?topics=${topics.join(',')}`)
    const client = await WireClient.open(running.url, { cookie: page.cookie })
    tabs.push(client)
    client.send({ t: 'join', p: 'p', c: [page.components[0]] })
    return { client, board: page.components[0], follow: new Follower(client) }
  }

  /** Whether `running`'s node has subscribed `name` on the master of its shard. */
  const subscribed = (name: string, nodes: number) =>
    until(() => cluster.shardSubscribers(`reactor:${name}`) === nodes, `${nodes} node(s) on the shard channel ${name}`)

  it('re-renders components on node B when node A broadcasts, over channels spread on every shard', async () => {
    const topics = ['red', 'green', 'blue', 'board']
    const owners = new Set(topics.map((t) => cluster.masterOf(`reactor:${t}`)))
    expect(owners.size, 'the channels live on several masters').to.be.greaterThan(1)
    const bobs = await Promise.all(topics.map((topic) => open(b, [topic])))
    const alice = await open(a, ['quiet'])
    for (const topic of topics) await subscribed(topic, 1)
    for (const [i, topic] of topics.entries()) {
      alice.client.send({ t: 'ev', id: alice.board.id, n: 'bump', a: { names: [topic] }, q: i + 1 })
      expect(textOf(await bobs[i].follow.next(bobs[i].board.id), 'hits')).to.equal(String(i + 1))
    }
  })

  it('lists a join on one node on the other, and a leave (presence keys in one slot per topic)', async () => {
    const ada = await openLive(a.url, '/who?topic=cl&name=ada')
    const bob = await openLive(b.url, '/who?topic=cl&name=bob')
    pages.push(ada, bob)
    const names = (page: LivePage) => [...page.$$('.people li')].map((li) => li.textContent).join(',')
    await until(() => names(ada) === 'ada,bob', `ada's list to show ada,bob (it shows ${names(ada)})`)
    await until(() => names(bob) === 'ada,bob', 'bob\'s list to show ada,bob')
    bob.close()
    await until(() => names(ada) === 'ada', 'ada\'s list to drop bob')
  })

  it('refuses on node B an event from a state node A has moved past (replay marks in the cluster)', async () => {
    const loaded = await getPage(`${a.url}/once`)
    const first = await WireClient.open(a.url, { cookie: loaded.cookie })
    const back = await WireClient.open(b.url, { cookie: loaded.cookie })
    tabs.push(first, back)
    const join = (client: WireClient) => client.send({ t: 'join', p: `p${Math.random()}`, c: loaded.components.map(({ id, tok }) => ({ id, tok })) })
    join(first)
    first.send({ t: 'ev', id: 'once', n: 'inc', q: 100 })
    expect(await first.next((m) => 'q' in m && m.q === 100)).to.satisfy(isRender)
    join(back)
    back.send({ t: 'ev', id: 'once', n: 'inc', q: 100 })
    expect(await back.next((m) => 'q' in m && m.q === 100)).to.include({ t: 'err', id: 'once', code: 'replayed' })
  })

  it('goes on broadcasting through a master failover: every page ends on the latest count, nothing lost', async () => {
    const topics = Array.from({ length: 30 }, (_, i) => `f.${i}`)
    const victim = cluster.masterOf('reactor:f.0')
    const onVictim = topics.filter((t) => cluster.masterOf(`reactor:${t}`) === victim)
    const bobs = await Promise.all(topics.map((topic) => open(b, [topic])))
    for (const topic of topics) await subscribed(topic, 1)
    // what node B's bus delivers, per topic: broadcasts heard, and catch-ups after the failover
    const heard = new Map(topics.map((t) => [t, { heard: 0, caughtUp: 0 }]))
    const unlisten = topics.map((t) => busOf(b).subscribe(t, (_, catchingUp) => (catchingUp ? heard.get(t)!.caughtUp++ : heard.get(t)!.heard++)))
    let published = 0
    const round = () => {
      board.hits += 1
      published += 1
      for (const topic of topics) void busOf(a).publish(topic)
    }
    const ticker = setInterval(round, 50)
    try {
      await new Promise((resolve) => setTimeout(resolve, 300))
      await cluster.crash(victim)
      await cluster.settled()
      await until(() => busOf(a).connected && busOf(b).connected, 'both nodes to see the cluster whole again')
      await new Promise((resolve) => setTimeout(resolve, 500))
    } finally {
      clearInterval(ticker)
    }
    round()
    const last = String(board.hits)
    for (const [i, bob] of bobs.entries()) await bob.follow.until(bob.board.id, (html) => textOf(html, 'hits') === last).catch(() => {
      throw new Error(`the page on ${topics[i]} did not reach hits ${last}`)
    })
    unlisten.forEach((stop) => stop())
    const survivors = topics.filter((t) => !onVictim.includes(t))
    expect(onVictim.length, 'some channels were on the killed master').to.be.greaterThan(0)
    for (const t of survivors) expect(heard.get(t)!.heard, `every broadcast on ${t} (another shard) arrived`).to.equal(published)
    for (const t of onVictim) {
      const { heard: got, caughtUp } = heard.get(t)!
      expect(caughtUp, `${t} (on the killed master) was caught up`).to.be.greaterThan(0)
      expect(got, `${t} heard broadcasts before and after the failover`).to.be.within(2, published)
    }
    const losses = logged.filter((w) => w.includes('lost a node')).length
    expect(losses, 'the loss, logged by both nodes').to.be.at.least(2)
    await until(() => logged.filter((w) => w.includes('is whole again')).length === losses, 'each loss to be followed by its recovery')
  })
})
