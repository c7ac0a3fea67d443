// TodoMVC on the cluster `make cluster` runs, on a real Postgres: three example nodes behind nginx round robin
// (no sticky sessions), a real Redis, and two Chromium pages whose sockets are on two different nodes. A row
// that psql inserts (another process, another language) shows on both pages, through each node's LISTEN; a
// handler whose transaction rolls back changes no page.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { useChromium } from '../support/chromium.js'
import { Cluster } from '../support/cluster.js'
import { PostgresServer } from '../support/postgres.js'
import { expectView } from '../support/todo.js'
import { until } from '../support/until.js'

describe('browser: TodoMVC on a Postgres cluster', function () {
  this.timeout(120_000)
  const chromium = useChromium()
  let postgres: PostgresServer
  let cluster: Cluster
  const pages: Page[] = []

  before(async () => {
    postgres = await PostgresServer.start()
    cluster = await Cluster.start(3, () => ({ DATABASE_URL: postgres.url }))
  })
  after(async () => {
    await cluster?.stop()
    await postgres?.stop()
  })
  beforeEach(() => postgres.psql('DELETE FROM item'))
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close()
  })

  /** Two /todo pages whose sockets nginx put on two different nodes (the second reloaded until it is so). */
  async function twoPagesOnTwoNodes(): Promise<[Page, Page]> {
    const open = async () => {
      const page = await chromium.open(`${cluster.url}/todo`)
      pages.push(page)
      return page
    }
    const socketsHeld = (count: number) => until(() => [...cluster.sockets().values()].reduce((a, b) => a + b, 0) === count, `${count} sockets`)
    const first = await open()
    await socketsHeld(1)
    const second = await open()
    for (let tries = 0; ; tries++) {
      await socketsHeld(2)
      if (cluster.holding().length === 2) return [first, second]
      if (tries === 8) throw new Error('nginx put both sockets on one node eight times')
      await second.reload()
    }
  }

  /** Notifications arrive in commit order: once a row inserted now shows on both pages, all committed before it has. */
  async function flushed(a: Page, b: Page, todos: string[]): Promise<void> {
    postgres.psql("INSERT INTO item (title) VALUES ('marker')")
    for (const page of [a, b]) await expectView(page, { todos: [...todos, 'marker'] }, 15_000)
  }

  it('shows a row inserted with psql on two pages on two nodes', async () => {
    const [a, b] = await twoPagesOnTwoNodes()
    await expectView(a, { todos: [], main: false })
    postgres.psql("INSERT INTO item (title) VALUES ('written by psql')")
    for (const page of [a, b]) await expectView(page, { todos: ['written by psql'], completed: [], left: '1 item left' }, 15_000)
    postgres.psql("UPDATE item SET completed = 1 WHERE title = 'written by psql'")
    for (const page of [a, b]) await expectView(page, { completed: ['written by psql'], left: '0 items left' }, 15_000)
  })

  it('changes no page when a handler fails and its transaction rolls back', async () => {
    // the database refuses to complete "locked": "Mark all as complete" completes "open" first, then fails on it
    postgres.psql("ALTER TABLE item DROP CONSTRAINT IF EXISTS locked_stays_open; ALTER TABLE item ADD CONSTRAINT locked_stays_open CHECK (completed = 0 OR title <> 'locked')")
    postgres.psql("INSERT INTO item (title) VALUES ('open'); INSERT INTO item (title) VALUES ('locked')")
    const [a, b] = await twoPagesOnTwoNodes()
    for (const page of [a, b]) await expectView(page, { todos: ['open', 'locked'], completed: [] }, 15_000)
    chromium.allow(/./) // the failed handler's notice and its console line
    await a.locator('.toggle-all + label').click()
    await until(() => a.locator('.todoapp.reactor-error').count().then((n) => n === 1), 'the failure to show on the page that clicked', 15_000)
    await flushed(a, b, ['open', 'locked'])
    for (const page of [a, b]) await expectView(page, { completed: [], left: '3 items left' })
    expect(postgres.psql('SELECT count(*) FROM item WHERE completed = 1').trim(), '"open" was completed, then rolled back').to.equal('0')
    postgres.psql('ALTER TABLE item DROP CONSTRAINT locked_stays_open')
  })
})
