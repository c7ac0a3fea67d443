// Drizzle ORM with the Postgres change feed, against a real PostgreSQL server: a handler's Drizzle writes run in
// one transaction (`drizzleTransactions(db).transaction`), so they reach the page together once committed, and
// a handler that fails after writing leaves nothing, in the database or on the page.
import { expect } from 'chai'
import { drizzle } from 'drizzle-orm/node-postgres'
import Koa from 'koa'
import { fileURLToPath } from 'node:url'
import { appliedTable, drizzleTransactions, PostgresFeed, Reactor } from '../src/index.js'
import { open, serve, type LivePage } from '../src/testing.js'
import { DrizzleEntries, drizzleQuery, orm } from './fixtures/drizzle.js'
import { PostgresServer } from './support/postgres.js'
import { SECRET } from './support/server.js'
import { until } from './support/until.js'

const views = [fileURLToPath(new URL('./fixtures/views', import.meta.url))]
const titles = (page: LivePage) => [...page.document.querySelectorAll('li')].map((li) => li.textContent)

describe('Drizzle ORM with the Postgres change feed (a real PostgreSQL)', function () {
  this.timeout(60_000)
  let postgres: PostgresServer
  let db: ReturnType<typeof drizzle>
  let feed: PostgresFeed
  let reactor: Reactor
  let server: Awaited<ReturnType<typeof serve>>
  let page: LivePage

  before(async () => {
    postgres = await PostgresServer.start()
    postgres.psql('CREATE TABLE entry (id serial PRIMARY KEY, title text NOT NULL)')
    db = drizzle(postgres.url)
    orm.current = drizzleTransactions(db)
    feed = new PostgresFeed(postgres.url, { tables: { entry: {} } })
    const logger = { warn() {}, error() {} }
    reactor = new Reactor({ secret: SECRET, views, components: [DrizzleEntries], changes: feed, autoBroadcast: true, transaction: orm.current.transaction, logger })
    const app = reactor.attach(new Koa())
    app.use((ctx) => ctx.render('server-api.pug', { name: 'drizzle-entries', props: {} }))
    await feed.listening
    server = await serve(app)
  })
  beforeEach(async () => {
    postgres.psql('TRUNCATE entry')
    page = await open(server.url, '/')
  })
  afterEach(() => page.close())
  after(async () => {
    await server?.close()
    await reactor?.close()
    await feed?.close()
    await db?.$client.end()
    await postgres?.stop()
  })

  it('shows the rows a handler wrote with Drizzle, and a row inserted with psql', async () => {
    await page.fire('button.add')
    await until(() => titles(page).join() === 'one,two', 'both rows')
    postgres.psql("INSERT INTO entry (title) VALUES ('psql')")
    await until(() => titles(page).join() === 'one,two,psql', 'the row psql inserted')
  })

  it('rolls back the Drizzle writes of a handler that fails, and changes no page', async () => {
    const answer = await page.fire('button.fail')
    expect(answer).to.include({ t: 'err' })
    // notifications arrive in commit order: once this row shows, a committed "rolled back" would have too
    postgres.psql("INSERT INTO entry (title) VALUES ('marker')")
    await until(() => titles(page).includes('marker'), 'the marker row')
    expect(titles(page)).to.deep.equal(['marker'])
    expect(postgres.psql("SELECT count(*) FROM entry WHERE title = 'rolled back'").trim()).to.equal('0')
  })

  it('records applied events in the Drizzle transaction (appliedTable): kept with a commit, gone with a rollback', async () => {
    const applied = appliedTable({ query: drizzleQuery })
    await applied.setup()
    const expires = Math.floor(Date.now() / 1000) + 60
    await orm.current!.transaction(() => applied.record('kept', 'token-kept', expires))
    await orm.current!.transaction(async () => {
      await applied.record('undone', 'token-undone', expires)
      throw new Error('the handler failed')
    }).catch(() => undefined)
    expect(await applied.lookup('kept')).to.equal('token-kept')
    expect(await applied.lookup('undone')).to.equal(undefined)
  })

  it('gives a handler its transaction, the same to a transaction started inside it, and the database outside', async () => {
    const database = orm.current!.db()
    const [outer, nested] = await orm.current!.transaction(async () => [orm.current!.db(), await orm.current!.transaction(async () => orm.current!.db())])
    expect(outer).to.not.equal(database)
    expect(nested, 'the nested call joins the outer transaction').to.equal(outer)
  })
})
