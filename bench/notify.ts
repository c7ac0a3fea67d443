// A NOTIFY-driven update's time from COMMIT to the DOM on two nodes: two example nodes on a real Postgres (and
// Redis, as `make cluster` runs them), a Chromium page of TodoMVC on each, and this process writing a row in
// its own transaction, as any other program would. Per round: the time from sending COMMIT until each page
// shows the new todo, and in the same round the floor: until a plain LISTEN client in this process hears the
// notification (what Postgres alone costs). Times on both sides are wall-clock milliseconds of high resolution
// (`performance.timeOrigin + performance.now()`, the page's and this process's) on the same machine.
// `node --import tsx bench/notify.ts [rounds]`; prints one JSON object.
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { launch } from '../spec/support/browser.js'
import { Cluster } from '../spec/support/cluster.js'
import { PostgresServer } from '../spec/support/postgres.js'
import { round, summary } from './lib/stats.js'

const ROUNDS = Number(process.argv[2] ?? 40)
const WARM_UP = 8

interface PgClient {
  connect(): Promise<void>
  query(sql: string, params?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>
  on(event: 'notification', listener: (message: { payload?: string }) => void): void
  end(): Promise<void>
}
const { Client } = createRequire(import.meta.url)('pg') as { Client: new (options: object) => PgClient }

const now = () => performance.timeOrigin + performance.now()

/** Records in the page when each todo title first shows (`window.shown[title]`, wall-clock ms). */
function watch(page: Page): Promise<void> {
  return page.evaluate(() => {
    const shown: Record<string, number> = ((window as unknown as { shown: Record<string, number> }).shown = {})
    new MutationObserver(() => {
      const at = performance.timeOrigin + performance.now()
      for (const label of document.querySelectorAll('.todo-list li label')) shown[label.textContent!] ??= at
    }).observe(document.body, { subtree: true, childList: true, characterData: true })
  })
}

const shownAt = (page: Page, title: string) =>
  page.waitForFunction((t) => (window as unknown as { shown: Record<string, number> }).shown[t], title, { timeout: 10_000, polling: 5 }).then((h) => h.jsonValue() as Promise<number>)

async function main(): Promise<void> {
  const postgres = await PostgresServer.start()
  const cluster = await Cluster.start(2, () => ({ DATABASE_URL: postgres.url }))
  const browser = await launch()
  const writer = new Client({ connectionString: postgres.url })
  const listener = new Client({ connectionString: postgres.url })
  try {
    await writer.connect()
    await listener.connect()
    const heard = new Map<number, number>()
    listener.on('notification', ({ payload }) => {
      const note = JSON.parse(payload ?? '{}') as { a?: string; k?: number }
      if (note.a === 'i' && typeof note.k === 'number') heard.set(note.k, now())
    })
    await listener.query('LISTEN koa_reactor')
    // one page per node, straight to the node: each hears the notification through its own LISTEN
    const pages = await Promise.all(cluster.ports.map(async (port) => {
      const page = await browser.newPage()
      await page.goto(`http://127.0.0.1:${port}/todo`)
      await page.waitForSelector('.todoapp[reactor-component], [reactor-component="x-todo-list"]')
      await watch(page)
      return page
    }))
    const commit: number[] = []
    const floor: number[] = []
    const dom: number[][] = pages.map(() => [])
    const both: number[] = []
    for (let r = 0; r < WARM_UP + ROUNDS; r++) {
      const title = `round ${r}`
      await writer.query('BEGIN')
      const [{ id }] = (await writer.query('INSERT INTO item (title) VALUES ($1) RETURNING id', [title])).rows as Array<{ id: number }>
      const start = now()
      await writer.query('COMMIT')
      const committed = now()
      const times = await Promise.all(pages.map((page) => shownAt(page, title)))
      while (!heard.has(id)) await new Promise((resolve) => setTimeout(resolve, 1))
      await writer.query('DELETE FROM item WHERE id = $1', [id]) // untimed: every round at the same size
      await Promise.all(pages.map((page) => page.waitForFunction((t) => ![...document.querySelectorAll('.todo-list li label')].some((l) => l.textContent === t), title, { polling: 5 })))
      if (r < WARM_UP) continue
      commit.push(committed - start)
      floor.push(heard.get(id)! - start)
      times.forEach((at, i) => dom[i].push(at - start))
      both.push(Math.max(...times) - start)
    }
    const floorP50 = summary(floor).p50
    console.log(JSON.stringify({
      notify: {
        rounds: ROUNDS,
        nodes: pages.length,
        commitMs: summary(commit),
        listenFloorMs: summary(floor),
        domPerNodeMs: dom.map((samples) => summary(samples)),
        bothNodesMs: summary(both),
        ratioToFloorP50: round(summary(both).p50 / floorP50),
      },
    }, null, 2))
  } finally {
    await writer.end().catch(() => undefined)
    await listener.end().catch(() => undefined)
    await browser.close()
    await cluster.stop()
    await postgres.stop()
  }
}

await main()
