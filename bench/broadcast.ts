// Broadcast fan-out: three example nodes (separate processes) behind one real Redis, 1,000 sockets each holding
// a TodoMVC counter subscribed to `item`. Each round changes the shared SQLite database, publishes `item` once,
// and times how long until every one of the 1,000 counters has received its patch. Prints JSON.
//
//   node --import tsx bench/broadcast.ts [components=1000] [rounds=30]
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Redis } from 'ioredis'
import WebSocket from 'ws'
import { TodoStore } from '../example/todo/store.js'
import { freePort, RedisServer } from '../spec/support/redis.js'
import { isRender } from '../src/wire/protocol.js'

const COMPONENTS = Number(process.argv[2] ?? 1000)
const ROUNDS = Number(process.argv[3] ?? 30)
const WARM_UP = 3
const ROUND_BOUND_MS = 5000
const NODES = 3
const SECRET = 'bench-secret-0123456789-abcdefghijklmnop'

interface Node {
  url: string
  process: ChildProcess
}

async function startNode(redisUrl: string, database: string): Promise<Node> {
  const port = await freePort()
  const env = { ...process.env, PORT: String(port), REDIS_URL: redisUrl, TODO_DB: database, REACTOR_SECRET: SECRET, NODE_ENV: 'production' }
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=koa-reactor-source', 'example/server.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] })
  const [line] = (await once(child.stdout!, 'data')) as [Buffer]
  if (!line.toString().includes('koa-reactor examples on')) throw new Error(`node did not start: ${line}`)
  return { url: `http://127.0.0.1:${port}`, process: child }
}

/** A socket joined to the counter of a /todo page, recording when each patch arrives. */
class Counter {
  private waiting?: () => void
  arrived = 0
  bytes = 0

  private constructor(readonly ws: WebSocket, readonly id: string) {
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString())
      if (!isRender(msg) || msg.id !== id || (msg.d === undefined && msg.html === undefined)) return
      this.arrived = performance.now()
      this.bytes = data.length
      this.waiting?.()
    })
  }

  static async open(url: string, cookie: string, id: string, tok: string): Promise<Counter> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/__reactor__`, { headers: { cookie } })
    await once(ws, 'open')
    ws.send(JSON.stringify({ t: 'join', p: `bench-${Math.random()}`, c: [{ id, tok }] }))
    return new Counter(ws, id)
  }

  next(): Promise<void> {
    return new Promise((resolve) => (this.waiting = resolve))
  }
}

async function counterOf(url: string): Promise<{ cookie: string; id: string; tok: string }> {
  const res = await fetch(`${url}/todo`)
  const html = await res.text()
  const [, id, tok] = /id="([^"]+)" reactor-component="x-todo-counter" state="([^"]+)"/.exec(html) ?? []
  if (!id) throw new Error('no x-todo-counter on /todo (the database needs a todo)')
  return { cookie: res.headers.get('set-cookie')!.split(';')[0], id, tok }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
const round = (ms: number) => Math.round(ms * 10) / 10

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'reactor-bench-'))
  const database = join(dir, 'todo.sqlite')
  const store = new TodoStore(database)
  await store.setup()
  await store.add('the first todo')
  const redis = await RedisServer.start()
  const publisher = new Redis(redis.url)
  const nodes: Node[] = []
  const counters: Counter[] = []
  try {
    for (let i = 0; i < NODES; i++) nodes.push(await startNode(redis.url, database))
    // one page per node, held by many sockets: as many tabs, each a component of its own on the server
    const pages = await Promise.all(nodes.map((node) => counterOf(node.url)))
    for (let i = 0; i < COMPONENTS; i++) {
      const page = pages[i % NODES]
      counters.push(await Counter.open(nodes[i % NODES].url, page.cookie, page.id, page.tok))
    }
    const allPatched: number[] = []
    let missedRounds = 0
    const each: number[] = []
    for (let r = 0; r < WARM_UP + ROUNDS; r++) {
      await store.add(`todo ${r}`) // the counters now read one more todo left
      const patched = Promise.all(counters.map((c) => c.next()))
      const start = performance.now()
      await publisher.publish('reactor:item', '')
      // bounded: a socket whose join the node had not handled yet when the first round published waits for
      // the next round (a join is not acknowledged), and a lost patch must not hang the run
      const late = await Promise.race([patched.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), ROUND_BOUND_MS))])
      if (late) console.error(`round ${r}: ${counters.filter((c) => c.arrived < start).length} counters not patched in ${ROUND_BOUND_MS} ms`)
      if (r < WARM_UP) continue // joins, first whole renders, JIT
      if (late) {
        missedRounds++
        continue
      }
      allPatched.push(Math.max(...counters.map((c) => c.arrived)) - start)
      each.push(...counters.map((c) => c.arrived - start))
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    allPatched.sort((a, b) => a - b)
    each.sort((a, b) => a - b)
    console.log(JSON.stringify({
      benchmark: 'broadcast fan-out: one publish of `item` to TodoMVC counters on three nodes over Redis',
      nodes: NODES,
      components: COMPONENTS,
      rounds: ROUNDS,
      allPatchedMs: { p50: round(percentile(allPatched, 50)), p99: round(percentile(allPatched, 99)), min: round(allPatched[0]), max: round(allPatched.at(-1)!) },
      eachPatchedMs: { p50: round(percentile(each, 50)), p99: round(percentile(each, 99)) },
      patchBytes: counters[0].bytes,
      missedRounds,
      cpus: availableParallelism(),
    }, null, 2))
  } finally {
    for (const c of counters) c.ws.terminate()
    for (const node of nodes) {
      node.process.kill('SIGTERM')
      if (node.process.exitCode === null) await once(node.process, 'exit')
    }
    publisher.disconnect()
    await redis.stop()
    store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
