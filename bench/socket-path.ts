// The server's own cost of a counter event, without the network: a Connection fed event frames directly
// (parse, rebuild from the token, handler, render, sign, diff, reply). Prints JSON.
import { createHmac } from 'node:crypto'
import { XCounter } from '../example/components/counter.js'
import { Reactor } from '../src/index.js'
import { AppliedEvents } from '../src/wire/applied.js'
import { Connection } from '../src/wire/socket.js'

const N = Number(process.env.N ?? 20_000)
const WINDOW = 8
// one socket sends every event here: its rate is not limited
const reactor = new Reactor({ secret: 'bench-secret-0123456789abcdef', views: 'example/views', components: [XCounter], watch: false, limits: { eventsPerSecond: Infinity } })
const scope = { ctx: {} as never, session: 'bench-session-0123456789', user: undefined }
const counter = await reactor.engine.mount('x-counter', {}, scope)
const { token } = await reactor.engine.render(counter, scope)

// BENCH_USER_REFRESH_MS: how often the socket runs a `user` option that checks a signed cookie (an HMAC)
const userRefreshMs = Number(process.env.BENCH_USER_REFRESH_MS ?? 5000)
const findUser = () => createHmac('sha256', 'bench-user-key').update(scope.session).digest('base64url')

const listeners: Record<string, (data: Buffer, binary: boolean) => void> = {}
let replies = 0
let q = 0
let finish = () => {}
const event = () => listeners.message(Buffer.from(JSON.stringify({ t: 'ev', id: counter.id, n: 'inc', q: ++q })), false)
const socket = {
  readyState: 1,
  OPEN: 1,
  // each answer lets the next event in, keeping WINDOW in flight as a browser-driven socket would
  send: () => void (++replies === N ? finish() : q < N && event()),
  on: (event: string, fn: never) => void (listeners[event] = fn),
}
new Connection({ engine: reactor.engine, log: console, transaction: (work) => work(), applied: new AppliedEvents(), limits: reactor.limits, userRefreshMs }, socket, scope, findUser)
listeners.message(Buffer.from(JSON.stringify({ t: 'join', p: 'bench', c: [{ id: counter.id, tok: token }] })), false)

const done = new Promise<void>((resolve) => (finish = resolve))
const started = process.hrtime.bigint()
const cpu = process.cpuUsage()
for (let i = 0; i < WINDOW; i++) event()
await done
const used = process.cpuUsage(cpu)
const wall = Number(process.hrtime.bigint() - started) / 1e3
console.log(JSON.stringify({ socket_path_us_per_event: Math.round((wall / N) * 10) / 10, socket_path_cpu_us_per_event: Math.round(((used.user + used.system) / N) * 10) / 10 }))
