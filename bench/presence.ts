// Presence across nodes: the time from a user opening the page on node B (page load and socket join included)
// until a watcher's list on node A shows them, and the time from node C being killed (SIGKILL) until its user
// is gone from the watcher's list. Redis and the nodes (spec/fixtures/presence-node.ts) are real processes.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { open, type LivePage } from '../src/testing.js'
import { RedisServer } from '../spec/support/redis.js'

const JOINS = Number(process.env.BENCH_JOINS ?? 20)
const KILLS = Number(process.env.BENCH_KILLS ?? 3)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const listed = (page: LivePage) => [...page.$$('.people li')].map((li) => li.textContent)

async function startNode(redis: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=koa-reactor-source', 'spec/fixtures/presence-node.ts'], { env: { ...process.env, REDIS_URL: redis }, stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  for await (const chunk of child.stdout!) {
    out += chunk
    const found = /ready (\S+)/.exec(out)
    if (found) return { child, url: found[1] }
  }
  throw new Error('a presence node exited before it was ready')
}

async function until(ready: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!ready()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 2))
  }
}

const redis = await RedisServer.start()
const nodes: ChildProcess[] = []
try {
  const [a, b] = await Promise.all([startNode(redis.url), startNode(redis.url)])
  nodes.push(a.child, b.child)
  const watcher = await open(a.url, '/who?topic=bench&name=watcher')
  const joins: number[] = []
  for (let i = 0; i < JOINS; i++) {
    const started = performance.now()
    const visitor = await open(b.url, `/who?topic=bench&name=v${i}`)
    await until(() => listed(watcher).includes(`v${i}`))
    joins.push(performance.now() - started)
    visitor.close()
    await until(() => !listed(watcher).includes(`v${i}`))
  }
  const kills: number[] = []
  for (let i = 0; i < KILLS; i++) {
    const c = await startNode(redis.url)
    nodes.push(c.child)
    await open(c.url, `/who?topic=bench&name=k${i}`)
    await until(() => listed(watcher).includes(`k${i}`))
    const killed = performance.now()
    c.child.kill('SIGKILL')
    await once(c.child, 'exit')
    await until(() => !listed(watcher).includes(`k${i}`))
    kills.push(performance.now() - killed)
  }
  watcher.close()
  const round = (xs: number[]) => xs.map((x) => Math.round(x))
  console.log(JSON.stringify({
    presence: {
      join_on_b_listed_on_a_ms_p50: Math.round(median(joins)),
      join_on_b_listed_on_a_ms_max: Math.round(Math.max(...joins)),
      killed_node_users_gone_ms: round(kills),
      entry_ttl_ms: 5000,
      renew_and_sweep_every_ms: 1500,
    },
  }))
} finally {
  for (const child of nodes) child.kill('SIGKILL')
  await redis.stop()
}
