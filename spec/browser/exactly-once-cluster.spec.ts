// Exactly once, even when a node dies mid-event: two example nodes behind nginx round robin on one database
// (SQLite shared by the nodes, then Postgres), a real Redis, real Chromium. The node that runs the first handler
// dies (SIGKILL, spec/support/crash-node.ts) right after its transaction committed the new todo, before it
// answered. The page reconnects to the other node and sends the event again; the applied event was recorded in
// the same transaction (the `applied` option, a `reactor_applied` table), so the other node answers it from the
// record instead of adding the todo a second time.
import { expect } from 'chai'
import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { useChromium } from '../support/chromium.js'
import { Cluster } from '../support/cluster.js'
import { PostgresServer } from '../support/postgres.js'
import { until } from '../support/until.js'

const alive = (pid: number) => {
  try {
    return process.kill(pid, 0)
  } catch {
    return false
  }
}

interface Store {
  env: Record<string, string>
  /** the todos titled `title` in the database */
  count(title: string, folder: string): number
  stop(): Promise<void>
}

const sqlite = async (): Promise<Store> => ({
  env: {},
  count(title, folder) {
    const db = new Database(join(folder, 'todo.sqlite'), { readonly: true })
    try {
      return (db.prepare('SELECT count(*) AS n FROM item WHERE title = ?').get(title) as { n: number }).n
    } finally {
      db.close()
    }
  },
  stop: async () => undefined,
})

const postgres = async (): Promise<Store> => {
  const server = await PostgresServer.start()
  return {
    env: { DATABASE_URL: server.url },
    count: (title) => Number(server.psql(`SELECT count(*) FROM item WHERE title = '${title}'`).trim()),
    stop: () => server.stop(),
  }
}

for (const [name, open] of [['SQLite', sqlite], ['Postgres', postgres]] as const) {
  describe(`exactly once when a node dies between its commit and its answer (${name}, two nodes behind nginx)`, function () {
    this.timeout(90_000)
    const chromium = useChromium()
    let store: Store
    let cluster: Cluster
    before(async () => {
      store = await open()
      cluster = await Cluster.start(2, (dir) => ({ ...store.env, CRASH_FLAG: join(dir, 'crashed') }), { script: 'spec/support/crash-node.ts' })
    })
    after(async () => {
      await cluster?.stop()
      await store?.stop()
    })

    it('adds the todo once: the re-sent event is answered from the record on the other node', async () => {
      chromium.allow(/WebSocket|ERR_CONNECTION/) // the socket to the node that died
      const page = await chromium.open(`${cluster.url}/todo`)
      await page.waitForSelector('html.reactor-connected')
      await page.evaluate(() => ((window as unknown as { mark: number }).mark = 1))
      const pids = cluster.ports.map((port) => cluster.pid(port))
      await page.fill('input.new-todo', 'buy milk')
      await page.press('input.new-todo', 'Enter')
      await until(() => existsSync(join(cluster.folder, 'crashed')) && pids.some((pid) => !alive(pid)), 'the node that committed the todo to die')
      // the page reconnects within the window (5 s), sends the event again, and shows what the other node answered
      await page.waitForFunction(() => document.querySelectorAll('.todo-list li').length > 0 && document.documentElement.classList.contains('reactor-connected'), null, { timeout: 30_000 })
      await page.waitForFunction(() => !document.querySelector('[reactor-loading]'), null, { timeout: 30_000 })
      expect(pids.filter((pid) => !alive(pid)), 'one node died').to.have.length(1)
      expect(store.count('buy milk', cluster.folder), 'rows in the database').to.equal(1)
      expect(await page.$$eval('.todo-list li label', (els) => els.map((el) => el.textContent))).to.deep.equal(['buy milk'])
      expect(await page.evaluate(() => (window as unknown as { mark?: number }).mark), 'the same page, not reloaded').to.equal(1)
      // and it goes on: a second todo, on the node that is left
      await page.fill('input.new-todo', 'bread')
      await page.press('input.new-todo', 'Enter')
      await page.waitForFunction(() => document.querySelectorAll('.todo-list li').length === 2)
      expect(store.count('buy milk', cluster.folder) + store.count('bread', cluster.folder)).to.equal(2)
    })
  })
}
