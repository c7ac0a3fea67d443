// The chaos run (a report, not a spec): a cluster as `make cluster` runs it (three nodes behind nginx, Redis),
// CLIENTS protocol-level browsers and BROWSERS Chromium pages clicking their counters through the load
// balancer; one node killed and started again mid-run, then Redis. Prints whether every click was applied
// exactly once, every page shows its count, and how long recovery took. About a minute; 127.0.0.1 only.
import type { Page } from 'playwright-core'
import { launch, waitForText } from '../spec/support/browser.js'
import { getPage, WireClient } from '../spec/support/server.js'
import { apply } from '../src/core/diff.js'
import { isRender, type ServerMessage } from '../src/wire/protocol.js'
import { Cluster } from '../spec/support/cluster.js'
import { CounterClient } from './chaos/counter-client.js'

const CLIENTS = Number(process.env.CLIENTS ?? 300)
const BROWSERS = Number(process.env.BROWSERS ?? 4)
const CLICK_MS = 1500
const at = { kill: 8_000, restart: 12_000, redisStop: 18_000, redisStart: 20_000, stop: 28_000 }
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const percentile = (list: number[], p: number) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(list.length * p))]
/** Milliseconds: how many, the median and the longest; `never` counts what did not arrive at all. */
const summary = (ms: number[]) => {
  const arrived = ms.filter(Number.isFinite)
  return { count: ms.length, p50: percentile(arrived, 0.5) ?? null, max: arrived.length ? Math.max(...arrived) : null, never: ms.length - arrived.length }
}

/** Cross-node broadcasts: a todo added on one node every 250 ms, and when another node's page shows it. */
async function probe(cluster: Cluster) {
  const [, one, two] = cluster.ports
  const open = async (port: number) => {
    const { cookie, components } = await getPage(`http://127.0.0.1:${port}/todo`)
    const client = await WireClient.open(`http://127.0.0.1:${port}`, { cookie })
    const list = components.find((c) => c.name === 'x-todo-list')!
    client.send({ t: 'join', p: `probe-${port}`, c: [{ id: list.id, tok: list.tok }] })
    return { client, list }
  }
  const writer = await open(one)
  const reader = await open(two)
  const sent = new Map<number, number>()
  const seen = new Map<number, number>()
  // the reader's list as its browser would hold it (renders are diffs), searched for the probes it shows
  let html = ''
  reader.client.ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as ServerMessage
    if (!isRender(m) || m.id !== reader.list.id) return
    html = m.html ?? (m.d ? apply(html, m.d) : html)
    for (const [, n] of html.matchAll(/probe-(\d+)-/g)) if (!seen.has(Number(n))) seen.set(Number(n), Date.now())
  })
  let n = 0
  const timer = setInterval(() => {
    sent.set(++n, Date.now())
    writer.client.send({ t: 'ev', id: writer.list.id, n: 'add', a: { text: `probe-${n}-` }, q: n })
  }, 250)
  return {
    sent,
    seen,
    stop() {
      clearInterval(timer)
      writer.client.close()
      reader.client.close()
    },
  }
}

async function clickPages(cluster: Cluster, count: number) {
  const browser = await launch()
  const pages: { page: Page; clicks: number }[] = []
  for (let i = 0; i < count; i++) {
    const page = await (await browser.newContext()).newPage()
    await page.goto(`${cluster.url}/counter`)
    pages.push({ page, clicks: 0 })
  }
  let clicking = true
  const loops = pages.map(async (p) => {
    while (clicking) {
      await p.page.click('button.inc', { timeout: 5000 }).then(() => p.clicks++, () => undefined)
      await sleep(700)
    }
  })
  return {
    async stop() {
      clicking = false
      await Promise.all(loops)
    },
    /** whether each page ends up showing its number of clicks */
    async check(): Promise<boolean[]> {
      return Promise.all(pages.map((p) => waitForText(p.page, '.count', String(p.clicks), 20_000).then(() => true, () => false)))
    },
    close: () => browser.close(),
  }
}

const cluster = await Cluster.start(3)
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cluster.stop().finally(() => process.exit(130)))
try {
  const clients: CounterClient[] = []
  for (let i = 0; i < CLIENTS; i++) clients.push(await CounterClient.open(cluster.url))
  const pages = await clickPages(cluster, BROWSERS)
  const broadcasts = await probe(cluster)
  const started = Date.now()
  const clicking = clients.map((client) => setInterval(() => client.click(), CLICK_MS + Math.random() * 200))
  const when: Record<string, number> = {}
  const step = async (name: keyof typeof at, work: () => Promise<void>) => {
    await sleep(Math.max(0, started + at[name] - Date.now()))
    when[name] = Date.now()
    await work()
  }
  await step('kill', () => cluster.killNode(cluster.ports[0]))
  await step('restart', () => cluster.startNode(cluster.ports[0]))
  await step('redisStop', () => cluster.redis.stop())
  await step('redisStart', () => cluster.redis.start())
  await step('stop', async () => {
    clicking.forEach(clearInterval)
    await pages.stop()
  })
  const settleBy = Date.now() + 20_000
  while (clients.some((c) => c.unanswered > 0) && Date.now() < settleBy) await sleep(100)
  const pagesRight = await pages.check()
  broadcasts.stop()

  const wrong = clients.filter((c) => c.amount !== c.clicks)
  const killed = clients.flatMap((c) => c.outages.filter((o) => o.lostAt >= when.kill && o.lostAt < when.restart))
  const reconnect = killed.map((o) => (o.reopenedAt ?? Infinity) - o.lostAt)
  const recovery = killed.map((o) => (o.answeredAt ?? Infinity) - o.lostAt)
  const latency = (from: number, to: number) =>
    [...broadcasts.sent].filter(([, t]) => t >= from && t < to).map(([n, t]) => (broadcasts.seen.get(n) ?? Infinity) - t)
  const afterRedis = [...broadcasts.seen].filter(([n]) => broadcasts.sent.get(n)! >= when.redisStart).map(([, t]) => t)
  const errors: Record<string, number> = {}
  for (const c of clients) for (const e of c.errors) errors[e.split(':')[0]] = (errors[e.split(':')[0]] ?? 0) + 1
  console.log(JSON.stringify({
    chaos_clients: CLIENTS,
    chaos_browsers: BROWSERS,
    chaos_clicks: clients.reduce((n, c) => n + c.clicks, 0),
    chaos_every_click_applied_once: wrong.length === 0,
    chaos_clients_off_by: wrong.slice(0, 5).map((c) => c.amount - c.clicks),
    chaos_unanswered_at_end: clients.reduce((n, c) => n + c.unanswered, 0),
    chaos_every_page_right: pagesRight.every(Boolean),
    chaos_pages_right: `${pagesRight.filter(Boolean).length}/${pagesRight.length}`,
    chaos_errors_by_code: errors,
    chaos_node_kill_sockets_lost: killed.length,
    chaos_node_kill_reconnect_ms: summary(reconnect),
    // includes the wait for the client's next click (every 1.5-1.7 s) when none was in flight
    chaos_node_kill_first_answer_ms: summary(recovery),
    chaos_broadcast_ms_before: summary(latency(started, when.kill)),
    // a todo added while Redis was down shows on the other node with the next broadcast after it is back
    chaos_broadcasts_while_redis_down: summary(latency(when.redisStop, when.redisStart)),
    chaos_redis_recovery_ms: afterRedis.length ? Math.min(...afterRedis) - when.redisStart : null,
    chaos_seconds: Math.round((Date.now() - started) / 100) / 10,
  }, null, 2))
  for (const c of clients) c.close()
  await pages.close()
} finally {
  await cluster.stop()
}
