// A rolling deploy of a cluster under browser load: each node in turn stopped (SIGTERM) and started again on
// version 2 of /deploy, while pages click and type; then what every page and the database show. The spec and
// the bench run it at two sizes.
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { launch } from '../browser.js'
import { Cluster } from '../cluster.js'
import { DeployPages, type PageEnd } from './pages.js'

export interface RollingOptions {
  nodes: number
  pages: number
  /** a page's pause between two click-and-type rounds */
  pauseMs: number
  /** the wait after a node is back before the next one stops */
  betweenMs: number
  reconnectWindowMs: number
}

export interface RollingReport {
  pages: PageEnd[]
  /** the database's clicks by component id */
  rows: Map<string, number>
  /** per restart: ms from SIGTERM to the node's exit, and to the new version accepting */
  restarts: { stoppedMs: number; startedMs: number }[]
  seconds: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function clicksIn(folder: string): Map<string, number> {
  const db = new Database(join(folder, 'todo.sqlite'), { readonly: true })
  try {
    const rows = db.prepare('SELECT cid, count(*) AS n FROM deploy_click GROUP BY cid').all() as { cid: string; n: number }[]
    return new Map(rows.map((r) => [r.cid, r.n]))
  } finally {
    db.close()
  }
}

export async function rollingDeploy(options: RollingOptions): Promise<RollingReport> {
  let version = '1'
  const env = () => ({ DEPLOY_VERSION: version, RECONNECT_WINDOW_MS: String(options.reconnectWindowMs) })
  const cluster = await Cluster.start(options.nodes, env, { script: 'spec/support/deploy/node.ts' })
  const browser = await launch()
  try {
    const pages = await DeployPages.open(browser, cluster.url, options.pages)
    const started = Date.now()
    pages.start(options.pauseMs)
    await sleep(options.betweenMs)
    const restarts: RollingReport['restarts'] = []
    for (const port of cluster.ports) {
      const t0 = Date.now()
      await cluster.stopNode(port)
      const stopped = Date.now()
      version = '2'
      await cluster.startNode(port)
      restarts.push({ stoppedMs: stopped - t0, startedMs: Date.now() - stopped })
      await sleep(options.betweenMs)
    }
    await pages.stop()
    const ends = await pages.settle(options.reconnectWindowMs * 2 + 20_000)
    return { pages: ends, rows: clicksIn(cluster.folder), restarts, seconds: Math.round((Date.now() - started) / 100) / 10 }
  } finally {
    await browser.close()
    await cluster.stop()
  }
}

/** Lost and doubled clicks (against the database and against the page), typing lost, pages not on version 2 or reloaded. */
export function tally({ pages, rows }: RollingReport) {
  const diff = (p: PageEnd, n: number) => n - p.clicks
  return {
    clicks: pages.reduce((n, p) => n + p.clicks, 0),
    lost: pages.reduce((n, p) => n + Math.max(0, -diff(p, rows.get(p.cid) ?? 0)), 0),
    doubled: pages.reduce((n, p) => n + Math.max(0, diff(p, rows.get(p.cid) ?? 0)), 0),
    pagesShowingWrongCount: pages.filter((p) => p.shown !== p.clicks).length,
    typingLost: pages.filter((p) => p.field !== p.typed).length,
    typedCharacters: pages.reduce((n, p) => n + p.typed.length, 0),
    notOnNewVersion: pages.filter((p) => p.version !== 'v2').length,
    reloaded: pages.filter((p) => !p.sameWindow).length,
  }
}
