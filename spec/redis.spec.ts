import { expect } from 'chai'
import { Redis } from 'ioredis'
import { MemoryBus, Reactor, RedisBus, type RedisClient, type RedisConnectionOptions } from '../src/index.js'
import { board } from './fixtures/board.js'
import { Follower, textOf } from './support/follow.js'
import { RedisServer } from './support/redis.js'
import { getPage, SECRET, startExample, temporaryDatabase, WireClient, type PageComponent, type Running } from './support/server.js'
import { until } from './support/until.js'
import { isRender } from '../src/wire/protocol.js'

interface Tab {
  client: WireClient
  board: PageComponent
  follow: Follower
}

describe('the Redis bus: broadcasts across nodes', function () {
  let redis: RedisServer
  let raw: Redis
  let a: Running
  let b: Running
  let database: ReturnType<typeof temporaryDatabase>
  const tabs: WireClient[] = []

  before(async () => {
    redis = await RedisServer.start()
    raw = new Redis(redis.url).on('error', () => undefined)
    database = temporaryDatabase()
    a = await startExample({ redis: redis.url }, { database: database.file })
    b = await startExample({ redis: redis.url }, { database: database.file })
  })
  after(async () => {
    raw.disconnect()
    await a.close()
    await b.close()
    await redis.stop()
    database.remove()
  })
  beforeEach(() => Object.assign(board, { hits: 0 }))
  afterEach(() => {
    for (const client of tabs.splice(0)) client.close()
  })

  /** A browser session: the board page of `node` (subscribed to `topics`), joined on that node's socket. */
  async function open(node: Running, topics = ['board']): Promise<Tab> {
    const page = await getPage(`${node.url}/board?topics=${topics.join(',')}`)
    const client = await WireClient.open(node.url, { cookie: page.cookie })
    tabs.push(client)
    client.send({ t: 'join', p: 'p', c: [page.components[0]] })
    return { client, board: page.components[0], follow: new Follower(client) }
  }

  const clientIds = async () => [...String(await raw.client('LIST')).matchAll(/^id=(\d+)/gm)].map((m) => m[1])
  const subscribers = async (name: string) => Number(((await raw.pubsub('NUMSUB', `reactor:${name}`)) as [string, number])[1])
  const subscribed = (name: string, nodes: number) => until(async () => (await subscribers(name)) === nodes, `${nodes} node(s) on ${name}`)

  let q = 0
  function bump(tab: Tab, names?: string[]): void {
    tab.client.send({ t: 'ev', id: tab.board.id, n: 'bump', a: names ? { names } : {}, q: ++q })
  }

  it('re-renders a component joined on node B when node A broadcasts', async () => {
    const bob = await open(b)
    const alice = await open(a)
    await subscribed('board', 2)
    bump(alice)
    expect(textOf(await alice.follow.next(alice.board.id), 'hits')).to.equal('1')
    expect(textOf(await bob.follow.next(bob.board.id), 'hits')).to.equal('1')
  })

  it('coalesces a burst of 20 broadcasts into one render of a component', async () => {
    const ticks = Array.from({ length: 20 }, (_, i) => `tick.${i + 1}`)
    const bob = await open(b, ticks)
    const alice = await open(a, ['quiet'])
    await until(async () => (await Promise.all(ticks.map(subscribers))).every((n) => n === 1), 'node B on every tick')
    bump(alice, ticks)
    expect(textOf(await bob.follow.next(bob.board.id), 'hits')).to.equal('1')
    // one more broadcast: its render is the next one bob's page receives, so the burst rendered once
    bump(alice, ['tick.7'])
    expect(textOf(await bob.follow.next(bob.board.id), 'hits')).to.equal('2')
    expect(bob.follow.renders.get(bob.board.id)).to.equal(2)
  })

  it('subscribes a node once to a channel, and unsubscribes when its last socket on it closes', async () => {
    const first = await open(b, ['shared'])
    const second = await open(b, ['shared'])
    const alice = await open(a, ['quiet'])
    await subscribed('shared', 1)
    first.client.close()
    bump(alice, ['shared'])
    expect(textOf(await second.follow.next(second.board.id), 'hits'), 'the other socket still listens').to.equal('1')
    expect(await subscribers('shared')).to.equal(1)
    second.client.close()
    await subscribed('shared', 0)
  })

  it('keeps events working while Redis is down, logs it once, and resumes broadcasts when it is back', async function () {
    this.timeout(30_000)
    const alice = await open(a)
    const bob = await open(b)
    const dave = await open(b)
    await subscribed('board', 2)
    const lost = (node: Running) => node.warnings.filter((w) => w.includes('lost Redis')).length
    const back = (node: Running) => node.warnings.filter((w) => w.includes('is back;')).length

    await redis.stop()
    await until(() => lost(a) === 1 && lost(b) === 1, 'both nodes to notice')
    const hits = (n: number) => (html: string) => textOf(html, 'hits') === String(n)
    bump(alice)
    await alice.follow.until(alice.board.id, hits(1)) // events on node A
    bump(bob)
    await bob.follow.until(bob.board.id, hits(2)) // events on node B
    await dave.follow.until(dave.board.id, hits(2)) // broadcasts within node B
    await new Promise((resolve) => setTimeout(resolve, 1000)) // several reconnection attempts

    await redis.start()
    await until(() => back(a) === 1 && back(b) === 1, 'both nodes to reconnect')
    await alice.follow.until(alice.board.id, hits(2)) // node A catches up with what it missed
    await subscribed('board', 2)
    bump(bob)
    await alice.follow.until(alice.board.id, hits(3)) // broadcasts cross nodes again
    expect([lost(a), lost(b), back(a), back(b)], 'logged once per node').to.deep.equal([1, 1, 1, 1])
  })

  it('publishes on every node, once Redis is back, what a node broadcast while it had lost its connections', async function () {
    this.timeout(30_000)
    const bob = await open(b)
    // node C reconnects to Redis a second after losing it, so that its broadcast falls inside the outage
    const warnings: string[] = []
    const bus = new RedisBus(redis.url, { logger: { warn: (m) => warnings.push(m) }, redis: { retryStrategy: () => 1000 } })
    const before = new Set(await clientIds())
    const c = await startExample({ bus }, { database: database.file })
    const carol = await open(c)
    try {
      await subscribed('board', 2)
      for (const id of (await clientIds()).filter((id) => !before.has(id))) await raw.client('KILL', 'ID', id)
      await until(() => warnings.some((w) => w.includes('lost Redis')), 'node C to notice')
      bump(carol)
      expect(textOf(await carol.follow.next(carol.board.id), 'hits')).to.equal('1')
      await until(() => warnings.some((w) => w.includes('is back;')), 'node C to reconnect')
      expect(textOf(await bob.follow.next(bob.board.id), 'hits'), 'node B hears the broadcast made during the outage').to.equal('1')
    } finally {
      carol.client.close()
      await c.close()
    }
  })

  it('answers an event re-sent to another node after its answer was lost with the state it left, not a second run', async () => {
    const page = await getPage(`${a.url}/todo`)
    const list = page.components.find((c) => c.name === 'x-todo-list')!
    const before = (await a.todos.counts()).total
    const first = await WireClient.open(a.url, { cookie: page.cookie })
    first.send({ t: 'join', p: 'lost', c: [list] })
    // the event runs on node A, and the socket drops before the browser reads its answer
    first.send({ t: 'ev', id: list.id, n: 'add', a: { text: 'only once' }, q: 1 })
    await until(async () => (await a.todos.list()).some((todo) => todo.title === 'only once'), 'node A ran the event')
    first.close()
    // the browser reconnects to node B with the token it still holds, and re-sends the event
    const second = await WireClient.open(b.url, { cookie: page.cookie })
    tabs.push(second)
    second.send({ t: 'join', p: 'lost', c: [list] })
    second.send({ t: 'ev', id: list.id, n: 'add', a: { text: 'only once' }, q: 1, r: 1 })
    const answer = (await second.next((m) => isRender(m) && 'q' in m && m.q === 1)) as { html: string }
    expect(answer.html).to.contain('only once')
    expect((await a.todos.list()).filter((todo) => todo.title === 'only once')).to.have.length(1)
    expect((await a.todos.counts()).total).to.equal(before + 1)
  })
})

describe('choosing the bus', () => {
  const before = process.env.REDIS_URL
  afterEach(() => {
    if (before === undefined) delete process.env.REDIS_URL
    else process.env.REDIS_URL = before
  })

  it('is in memory without Redis, and Redis with REDIS_URL or the redis option', async () => {
    delete process.env.REDIS_URL
    expect(new Reactor({ secret: SECRET }).engine.bus).to.be.instanceOf(MemoryBus)
    process.env.REDIS_URL = 'redis://127.0.0.1:1'
    const viaEnv = new Reactor({ secret: SECRET, logger: { warn() {}, error() {} } })
    expect(viaEnv.engine.bus).to.be.instanceOf(RedisBus)
    await viaEnv.close()
  })

  it("takes an ioredis client and its options as they are, in the package's own types (make check compiles this)", () => {
    const client: RedisClient = new Redis('redis://127.0.0.1:1', { lazyConnect: true })
    const options: RedisConnectionOptions = { password: 'p', tls: {}, retryStrategy: (times) => times * 10, connectTimeout: 500 }
    expect(client.status).to.equal('wait')
    expect(options.connectTimeout).to.equal(500)
    client.disconnect()
  })

  it('refuses a Redis URL it cannot use, saying what it expects', () => {
    expect(() => new Reactor({ secret: SECRET, redis: '127.0.0.1:6379' })).to.throw(/redis:\/\/host:port/)
  })

})
