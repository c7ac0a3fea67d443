// What Redis carries: the commands (from INFO commandstats) and the pub/sub deliveries for one broadcast and
// for one presence change, with two nodes in this process each holding LISTENERS pages that list a topic
// (the who page of the presence specs), on one Redis and on a three-master Redis Cluster (summed over the
// masters; sharded pub/sub). Also the presence renewals an idle node sends per second. Prints JSON.
//
//   node --import tsx --conditions=koa-reactor-source bench/redis-cost.ts [listeners=10]   (the example app imports
//   koa-reactor: the condition makes it the source, as the fixtures import it)
import { Redis } from 'ioredis'
import { ClusterBus, type ReactorOptions } from '../src/index.js'
import { open, type LivePage } from '../src/testing.js'
import { XWho, whoPage } from '../spec/fixtures/presence-components.js'
import { RedisCluster } from '../spec/support/redis-cluster.js'
import { RedisServer } from '../spec/support/redis.js'
import { startExample, type Running } from '../spec/support/server.js'
import { until } from '../spec/support/until.js'

const LISTENERS = Number(process.argv[2] ?? 10)
const quiet = { warn() {}, error() {} }

/** Calls per command since the last reset, summed over `ports`. */
async function commands(ports: number[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const port of ports) {
    const redis = new Redis(port, '127.0.0.1')
    for (const [, name, calls] of (await redis.info('commandstats')).matchAll(/cmdstat_([\w|]+):calls=(\d+)/g)) counts[name] = (counts[name] ?? 0) + Number(calls)
    await redis.config('RESETSTAT')
    redis.disconnect()
  }
  // the benchmark's own and the connections' bookkeeping
  for (const name of Object.keys(counts)) if (/^(info|config|cluster|hello|replconf|client)/.test(name)) delete counts[name]
  return counts
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0)

async function measure(label: string, options: () => Promise<ReactorOptions>, ports: number[]) {
  const nodes: Running[] = [await startExample({ ...(await options()), components: [XWho], logger: quiet }, { routes: [whoPage] }), await startExample({ ...(await options()), components: [XWho], logger: quiet }, { routes: [whoPage] })]
  const pages: LivePage[] = []
  try {
    for (let i = 0; i < LISTENERS; i++) pages.push(await open(nodes[i % 2].url, `/who?topic=cost&name=u${i}`))
    const listed = (page: LivePage) => page.$$('.people li').length
    await until(() => pages.every((p) => listed(p) === LISTENERS), 'every page to list everyone', 30_000).catch((e) => { throw new Error(`${e.message}: ${pages.map(listed)}`) })
    await new Promise((r) => setTimeout(r, 500))
    await commands(ports)
    // one broadcast of a name nobody listens to: one publish, no delivery
    await nodes[0].reactor.engine.bus.publish('nobody')
    await new Promise((r) => setTimeout(r, 200))
    const broadcast = await commands(ports)
    // one presence change: a page joins; every listing page re-renders its list
    await new Promise((r) => setTimeout(r, 1600)) // a renewal in between
    await commands(ports)
    const renewalsStarted = Date.now()
    await new Promise((r) => setTimeout(r, 3000))
    const idle = await commands(ports)
    const idleSeconds = (Date.now() - renewalsStarted) / 1000
    const joiner = await open(nodes[1].url, `/who?topic=cost&name=late`)
    pages.push(joiner)
    await until(() => pages.slice(0, -1).every((p) => listed(p) === LISTENERS + 1), 'every page to list the new one', 30_000)
    const join = await commands(ports)
    return {
      [label]: {
        broadcastCommands: broadcast,
        presenceJoinCommands: join,
        presenceJoinCommandsTotal: total(join),
        idleRenewalCommandsPerSecond: Math.round(total(idle) / idleSeconds),
      },
    }
  } finally {
    pages.forEach((p) => p.close())
    for (const n of nodes) await n.close()
  }
}

const redis = await RedisServer.start()
const cluster = await RedisCluster.start()
try {
  const single = await measure('oneRedis', async () => ({ redis: redis.url }), [redis.port])
  const sharded = await measure('redisCluster', async () => ({ bus: await ClusterBus.connect(cluster.urls.slice(0, 1), { logger: quiet }) }), cluster.masters())
  console.log(JSON.stringify({ redisCost: { listeners: LISTENERS, nodes: 2, ...single, ...sharded } }, null, 2))
} finally {
  await redis.stop()
  await cluster.stop()
}
process.exit(0)
