// The Postgres change feed against a real PostgreSQL server: two nodes (two Reactors, each with its own feed,
// joined by a real Redis as in production) show the same page; a change made by any process reaches both, once.
import { expect } from 'chai'
import Koa from 'koa'
import { fileURLToPath } from 'node:url'
import { PostgresFeed, Reactor } from '../src/index.js'
import { open, serve, type LivePage } from '../src/testing.js'
import { database, PgItems } from './fixtures/postgres.js'
import { PostgresServer } from './support/postgres.js'
import { RedisServer } from './support/redis.js'
import { SECRET } from './support/server.js'

const views = [fileURLToPath(new URL('./fixtures/views', import.meta.url))]
const TABLES = { list: {}, item: { foreignKeys: { list_id: { model: 'list' } } } }

interface Node {
  feed: PostgresFeed
  reactor: Reactor
  server: Awaited<ReturnType<typeof serve>>
  warnings: string[]
}

async function startNode(url: string, redis: string): Promise<Node> {
  const warnings: string[] = []
  const logger = { warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m) }
  const feed = new PostgresFeed(url, { tables: TABLES, logger })
  const reactor = new Reactor({ secret: SECRET, views, components: [PgItems], redis, changes: feed, autoBroadcast: true, transaction: feed.transaction, logger })
  const app = reactor.attach(new Koa())
  app.use(async (ctx) => ctx.render('server-api.pug', { name: 'pg-items', props: {} }))
  await feed.listening
  return { feed, reactor, server: await serve(app), warnings }
}

const titles = (page: LivePage) => [...page.document.querySelectorAll('li')].map((li) => li.textContent)

let postgres: PostgresServer
let redis: RedisServer
let one: Node
let two: Node

describe('the Postgres change feed (a real PostgreSQL)', function () {
  this.timeout(60_000)
  const pages: LivePage[] = []
  const load = async (node: Node) => {
    const page = await open(node.server.url, '/')
    pages.push(page)
    return page
  }

  before(async () => {
    postgres = await PostgresServer.start()
    postgres.psql('CREATE TABLE list (id serial PRIMARY KEY); CREATE TABLE item (id serial PRIMARY KEY, title text NOT NULL, list_id int REFERENCES list(id))')
    redis = await RedisServer.start()
    one = await startNode(postgres.url, redis.url)
    two = await startNode(postgres.url, redis.url)
    database.feed = one.feed
  })
  afterEach(() => pages.splice(0).forEach((p) => p.close()))
  after(async () => {
    for (const node of [one, two]) {
      await node?.server.close()
      await node?.reactor.close()
      await node?.feed.close()
    }
    await postgres?.stop()
    await redis?.stop()
  })

  it('shows a row inserted with psql on two pages on two nodes', async () => {
    const [a, b] = [await load(one), await load(two)]
    postgres.psql("INSERT INTO item (title) VALUES ('milk')")
    await until(() => titles(a).join() === 'milk' && titles(b).join() === 'milk')
  })

  it('updates every page on a bulk UPDATE, and after a TRUNCATE', async () => {
    const [a, b] = [await load(one), await load(two)]
    postgres.psql("UPDATE item SET title = upper(title); INSERT INTO item (title) VALUES ('tea')")
    await until(() => titles(a).join() === 'MILK,tea' && titles(b).join() === 'MILK,tea')
    postgres.psql('TRUNCATE item')
    await until(() => titles(a).length === 0 && titles(b).length === 0)
  })

  it('delivers a handler’s write once on each node, after its transaction commits', async () => {
    const [a, b] = [await load(one), await load(two)]
    const heard = [hear(one, 'item.new'), hear(two, 'item.new')]
    await a.fire('button.add')
    await until(() => titles(b).includes('from a handler'))
    await flushed()
    expect(heard.map((h) => h.count), 'once per node, though both listen and the handler ran on one').to.deep.equal([2, 2])
    expect(titles(a)).to.include('from a handler')
    heard.forEach((h) => h.stop())
  })

  it('changes no page when the handler fails and its transaction rolls back', async () => {
    const [a, b] = [await load(one), await load(two)]
    const answer = await a.fire('button.fail')
    expect(answer).to.include({ t: 'err' })
    await flushed()
    expect(titles(a).concat(titles(b))).not.to.include('rolled back')
    expect(postgres.psql("SELECT count(*) FROM item WHERE title = 'rolled back'").trim()).to.equal('0')
  })

  it('listens again after losing its connection, and brings its pages up to date', async () => {
    const b = await load(two)
    postgres.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN koa_reactor'")
    // a change made while the node was not listening: its page catches up when the node listens again
    postgres.psql("INSERT INTO item (title) VALUES ('while away')")
    await until(() => titles(b).includes('while away'))
    await until(() => two.warnings.some((w) => /listens again/.test(w)))
    expect(two.warnings.some((w) => /lost its connection/.test(w)), 'the loss is logged').to.equal(true)
    postgres.psql("INSERT INTO item (title) VALUES ('after')")
    await until(() => titles(b).includes('after'))
  })

  it('prints its SQL for teams that run migrations, and refuses a table name that is not an identifier', () => {
    expect(one.feed.sql()).to.match(/CREATE OR REPLACE FUNCTION koa_reactor_notify\(\)/)
    expect(one.feed.sql()).to.contain("EXECUTE FUNCTION koa_reactor_notify('koa_reactor', 'item', 'id', 'list_id', 'list', 'item')")
    expect(() => new PostgresFeed(postgres.url, { tables: { item: { table: 'item; DROP TABLE item' } } })).to.throw(/plain SQL identifier/)
  })

  it('names the related record of a change, old and new, when a foreign key moves', async () => {
    postgres.psql('INSERT INTO list DEFAULT VALUES; INSERT INTO list DEFAULT VALUES')
    const heard: string[] = []
    const stop = [1, 2].map((id) => two.reactor.engine.bus.subscribe(`list.${id}.item`, (name) => heard.push(name)))
    postgres.psql("INSERT INTO item (title, list_id) VALUES ('moved', 1)")
    await until(() => heard.includes('list.1.item'))
    heard.length = 0
    postgres.psql("UPDATE item SET list_id = 2 WHERE title = 'moved'")
    await until(() => heard.length === 2)
    expect(heard.sort()).to.deep.equal(['list.1.item', 'list.2.item'])
    stop.forEach((s) => s())
  })
})

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** Counts the deliveries of `name` on a node. */
function hear(node: Node, name: string): { count: number; stop(): void } {
  const heard = { count: 0, stop: () => {} }
  heard.stop = node.reactor.engine.bus.subscribe(name, () => heard.count++)
  return heard
}

/**
 * Notifications arrive in commit order: once a marker row inserted now has reached both nodes, everything
 * committed before it has too (and `item.new` was heard once more on each).
 */
async function flushed(): Promise<void> {
  const marker = `marker ${Math.random()}`
  const seen = [one, two].map((node) => new Promise<void>((resolve) => {
    const stop = node.reactor.engine.bus.subscribe('item.new', () => (stop(), resolve()))
  }))
  postgres.psql(`INSERT INTO item (title) VALUES ('${marker}')`)
  await Promise.all(seen)
}
