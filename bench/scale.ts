// Scale: many joined sockets on one machine. NODES node processes (bench/scale-server.ts) on one real Redis,
// and CLIENTS client processes (bench/scale-client.ts), each socket from one of several loopback addresses
// (127.0.0.2, 127.0.0.3...: one address's ephemeral ports are not the limit) and joined with one counter
// subscribed to the broadcast `tick`. Reports: the time to connect and join all; heap and RSS per socket per
// node; CPU at idle; one broadcast's delivery to every socket (every delivery counted); sustained events with
// 1 % of the sockets clicking; a node killed (its sockets reconnect to the others as the browser does: the time
// until all are live again, and a broadcast that must reach all); and, on one node, memory and bytes on the
// wire per broadcast with and without permessage-deflate. Every process it starts is killed by PID at the end.
//
//   node --import tsx bench/scale.ts [sockets=3000] [nodes=3] [clients=2]      (full size: 100000 6 6)
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { Redis } from 'ioredis'
import { freePort, RedisServer } from '../spec/support/redis.js'
import type { Target } from './scale-client.js'
import { round, summary } from './lib/stats.js'

const SOCKETS = Number(process.argv[2] ?? 3000)
const NODES = Number(process.argv[3] ?? 3)
const CLIENTS = Number(process.argv[4] ?? 2)
const OPEN_FILES = 250_000
const SECRET = 'bench-secret-0123456789-abcdefghijklmnop'
const now = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const children: ChildProcess[] = []
/** progress on stderr: a full-size run takes minutes */
const progress = (what: string, figures?: unknown) => console.error(`scale: ${new Date().toISOString().slice(11, 19)} ${what}${figures === undefined ? '' : ` ${JSON.stringify(figures)}`}`)

/** `node args` with a raised open-files limit (we are root; the default soft and hard limits are 20,000). */
function node(args: string[], env: Record<string, string>, ipc = false): ChildProcess {
  const command = `ulimit -n ${OPEN_FILES} 2>/dev/null || ulimit -n $(ulimit -Hn); exec "$0" "$@"`
  const child = spawn('bash', ['-c', command, process.execPath, ...args], {
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'inherit', ...(ipc ? ['ipc' as const] : [])],
  })
  children.push(child)
  return child
}

/** SIGTERM, then SIGKILL after 5 s. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

interface Node {
  url: string
  child: ChildProcess
}

async function startNode(redis: string, deflate: boolean): Promise<Node> {
  const port = await freePort()
  // SCALE_PROFILE=folder: each node writes a CPU profile there when it stops (not the one killed)
  const profile = process.env.SCALE_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SCALE_PROFILE}`] : []
  const child = node(['--expose-gc', '--max-old-space-size=4096', ...profile, '--import', 'tsx', 'bench/scale-server.ts'], { PORT: String(port), REDIS_URL: redis, REACTOR_SECRET: SECRET, SCALE_DEFLATE: deflate ? '1' : '0' })
  const [line] = (await once(child.stdout!, 'data')) as [Buffer]
  if (!line.toString().includes('ready')) throw new Error(`the node did not start: ${line}`)
  return { url: `http://127.0.0.1:${port}`, child }
}

async function target(url: string): Promise<Target> {
  const res = await fetch(url)
  const cookie = res.headers.get('set-cookie')!.split(';')[0]
  const [, id, tok] = /id="([^"]+)" reactor-component="x-tick" state="([^"]+)"/.exec(await res.text())!
  return { url, cookie, id, tok }
}

/** GET, tried again (a node under full load may drop a kept-alive connection) */
async function get(url: string): Promise<string> {
  for (let tries = 1; ; tries++) {
    try {
      return await (await fetch(url)).text()
    } catch (error) {
      if (tries === 10) throw error
      await sleep(500)
    }
  }
}
const memory = async (n: Node) => JSON.parse(await get(`${n.url}/heap`)) as { heapUsed: number; rss: number }
const joined = async (n: Node) => Number(await get(`${n.url}/joined`))
const cpuSeconds = (child: ChildProcess) => {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** A client process, and the next message it sends that has `key`. */
class Client {
  private readonly inbox: Record<string, unknown>[] = []
  private waiting?: () => void
  constructor(readonly child: ChildProcess) {
    child.on('message', (m: Record<string, unknown>) => (this.inbox.push(m), this.waiting?.()))
  }

  static async start(): Promise<Client> {
    const client = new Client(node(['--max-old-space-size=4096', '--import', 'tsx', 'bench/scale-client.ts'], {}, true))
    await client.next('ready')
    return client
  }

  send(message: object): void {
    this.child.send(message)
  }

  async next<T = Record<string, unknown>>(key: string, ms = 600_000): Promise<T> {
    const deadline = Date.now() + ms
    for (;;) {
      const at = this.inbox.findIndex((m) => key in m)
      if (at >= 0) return this.inbox.splice(at, 1)[0] as T
      if (Date.now() > deadline) throw new Error(`a client did not answer ${key} in ${ms} ms`)
      await new Promise<void>((resolve) => ((this.waiting = resolve), setTimeout(resolve, 1000)))
    }
  }
}

async function connectAll(clients: Client[], targets: Target[], count: number, deflate: boolean) {
  const started = now()
  clients.forEach((client, k) => {
    const share = Math.floor(count / clients.length) + (k < count % clients.length ? 1 : 0)
    // two loopback addresses per client process: 2 x 28,000 ephemeral ports
    const addresses = [`127.0.0.${2 + 2 * k}`, `127.0.0.${3 + 2 * k}`]
    client.send({ cmd: 'connect', targets, count: share, addresses, deflate, offset: k })
  })
  const results = await Promise.all(clients.map((c) => c.next<{ connected: number; failed: number }>('connected')))
  const opened = now()
  return { connected: results.reduce((s, r) => s + r.connected, 0), failed: results.reduce((s, r) => s + r.failed, 0), openMs: opened - started, started }
}

async function untilJoined(nodes: Node[], count: number, ms = 600_000): Promise<number> {
  const deadline = Date.now() + ms
  for (;;) {
    const total = (await Promise.all(nodes.map(joined))).reduce((a, b) => a + b, 0)
    if (total >= count || Date.now() > deadline) return total
    await sleep(100)
  }
}

/** One broadcast of `tick`: when each socket got its render, after the publish. */
async function broadcast(raw: Redis, clients: Client[]) {
  clients.forEach((c) => c.send({ cmd: 'arm' }))
  await Promise.all(clients.map((c) => c.next('armed')))
  const at = now()
  await raw.publish('reactor:tick', '')
  clients.forEach((c) => c.send({ cmd: 'published', at }))
  const results = await Promise.all(clients.map((c) => c.next<{ delays: number[]; missing: number }>('delays')))
  const delays = results.flatMap((r) => r.delays)
  return { delivered: delays.length, missing: results.reduce((s, r) => s + r.missing, 0), ms: summary(delays, 0) }
}

async function bytesRead(clients: Client[]): Promise<number> {
  clients.forEach((c) => c.send({ cmd: 'bytes' }))
  return (await Promise.all(clients.map((c) => c.next<{ bytes: number }>('bytes')))).reduce((s, r) => s + r.bytes, 0)
}

async function memoryPerSocket(nodes: Node[], before: { heapUsed: number; rss: number }[]) {
  const counts = await Promise.all(nodes.map(joined))
  const after = await Promise.all(nodes.map(memory))
  return nodes.map((_, i) => ({
    sockets: counts[i],
    heapBytesPerSocket: Math.round((after[i].heapUsed - before[i].heapUsed) / counts[i]),
    rssBytesPerSocket: Math.round((after[i].rss - before[i].rss) / counts[i]),
    heapMB: round(after[i].heapUsed / 2 ** 20, 1),
    rssMB: round(after[i].rss / 2 ** 20, 1),
  }))
}

/** The main run: NODES nodes, SOCKETS sockets. */
async function scale(redis: RedisServer, raw: Redis) {
  const nodes = await Promise.all(Array.from({ length: NODES }, () => startNode(redis.url, false)))
  const targets = await Promise.all(nodes.map((n) => target(n.url)))
  await Promise.all(nodes.map(memory))
  const before = await Promise.all(nodes.map(memory))
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => Client.start()))
  const load = { before: loadavg().map((l) => round(l, 2)) }
  const opened = await connectAll(clients, targets, SOCKETS, false)
  const all = await untilJoined(nodes, opened.connected)
  progress('joined', { opened, all })
  const connect = { sockets: SOCKETS, connected: opened.connected, failed: opened.failed, joined: all, openMs: Math.round(opened.openMs), openAndJoinMs: Math.round(now() - opened.started) }
  await sleep(2000)
  const perNode = await memoryPerSocket(nodes, before)
  const cpu0 = nodes.map((n) => cpuSeconds(n.child))
  await sleep(5000)
  const idleCpuPercentPerNode = nodes.map((n, i) => round(((cpuSeconds(n.child) - cpu0[i]) / 5) * 100, 1))
  progress('memory and idle CPU', { perNode, idleCpuPercentPerNode })
  const broadcasts = []
  for (let i = 0; i < 3; i++) broadcasts.push(await broadcast(raw, clients))
  progress('broadcasts', broadcasts)
  // sustained events: 1 % of the sockets click in a closed loop for 10 s
  clients.forEach((c) => c.send({ cmd: 'click', fraction: 0.01, ms: 10_000 }))
  const clicked = await Promise.all(clients.map((c) => c.next<{ clickers: number; rtts: number[] }>('rtts')))
  const rtts = clicked.flatMap((c) => c.rtts)
  const events = { clickers: clicked.reduce((s, c) => s + c.clickers, 0), perSecond: Math.round(rtts.length / 10), rttMs: summary(rtts, 1) }
  progress('events', events)
  // a node killed: its sockets reconnect to the others as browsers do
  const victim = nodes.at(-1)!
  const survivors = nodes.slice(0, -1)
  clients.forEach((c) => c.send({ cmd: 'watch-reconnect', dead: victim.url, targets: targets.slice(0, -1) }))
  const watching = (await Promise.all(clients.map((c) => c.next<{ watching: number }>('watching')))).reduce((s, w) => s + w.watching, 0)
  const killedAt = now()
  victim.child.kill('SIGKILL')
  const back = watching ? await Promise.all(clients.filter((_, k) => k >= 0).map((c) => c.next<{ reconnected: number; gaveUp: number; attempts: number; times: number[] }>('reconnected'))) : []
  const liveAgain = await untilJoined(survivors, opened.connected, 300_000)
  const allLiveMs = Math.round(now() - killedAt)
  const times = back.flatMap((b) => b.times)
  const afterKill = await broadcast(raw, clients)
  const killed = {
    sockets: watching,
    reconnected: times.length,
    gaveUp: back.reduce((s, b) => s + b.gaveUp, 0),
    attempts: back.reduce((s, b) => s + b.attempts, 0),
    reconnectMs: times.length ? summary(times, 0) : null,
    joinedOnSurvivors: liveAgain,
    allLiveAgainMs: allLiveMs,
    broadcastAfter: afterKill,
  }
  progress('node killed', killed)
  const load2 = loadavg().map((l) => round(l, 2))
  for (const c of clients) c.send({ cmd: 'exit' })
  await Promise.all(survivors.map((n) => stop(n.child)))
  return { connect, perNode, idleCpuPercentPerNode, broadcasts, events, killed, load: { ...load, after: load2 } }
}

/** permessage-deflate off and on, on one node: memory per socket and bytes read per socket per broadcast. */
async function compression(redis: RedisServer, raw: Redis, deflate: boolean, count: number) {
  const n = await startNode(redis.url, deflate)
  const targets = [await target(n.url)]
  await memory(n)
  const before = [await memory(n)]
  const clients = [await Client.start()]
  const opened = await connectAll(clients, targets, count, deflate)
  await untilJoined([n], opened.connected)
  await sleep(1000)
  const [mem] = await memoryPerSocket([n], before)
  const bytes0 = await bytesRead(clients)
  const delivered = await broadcast(raw, clients)
  await sleep(200)
  const bytesPerSocket = round(((await bytesRead(clients)) - bytes0) / opened.connected, 1)
  clients[0].send({ cmd: 'exit' })
  await stop(n.child)
  progress(`permessage-deflate ${deflate ? 'on' : 'off'}`)
  return { deflate, sockets: opened.connected, heapBytesPerSocket: mem.heapBytesPerSocket, rssBytesPerSocket: mem.rssBytesPerSocket, bytesReadPerSocketPerBroadcast: bytesPerSocket, broadcastMs: delivered.ms }
}

const redis = await RedisServer.start()
const raw = new Redis(redis.url)
try {
  const main = await scale(redis, raw)
  const small = Math.min(SOCKETS, 5000)
  const perMessageDeflate = { off: await compression(redis, raw, false, small), on: await compression(redis, raw, true, small) }
  console.log(JSON.stringify({ scale: { nodes: NODES, clientProcesses: CLIENTS, ...main, perMessageDeflate } }, null, 2))
} finally {
  raw.disconnect()
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  await redis.stop()
}
process.exit(0)
