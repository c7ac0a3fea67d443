// Drives a Connection without the network: event frames fed directly to it (parse, rebuild from the token,
// handler, render, sign, diff, reply), WINDOW in flight as a browser-driven socket would keep them.
import { createHmac } from 'node:crypto'
import type { Reactor } from '../src/index.js'
import { AppliedEvents } from '../src/wire/applied.js'
import { socketPlugins } from '../src/wire/plugin.js'
import { Connection } from '../src/wire/socket.js'

const WINDOW = 8

export interface PathCost {
  us_per_event: number
  cpu_us_per_event: number
}

/** Runs `n` events `handler` on a fresh `name` component; the wall and CPU time per event, in µs. */
export async function socketPath(reactor: Reactor, name: string, handler: string, n: number): Promise<PathCost> {
  const scope = { ctx: {} as never, session: 'bench-session-0123456789', user: undefined }
  const component = await reactor.engine.mount(name, {}, scope)
  const { token } = await reactor.engine.render(component, scope)
  const listeners: Record<string, (data: Buffer, binary: boolean) => void> = {}
  let replies = 0
  let q = 0
  let finish = () => {}
  const event = () => listeners.message(Buffer.from(JSON.stringify({ t: 'ev', id: component.id, n: handler, q: ++q })), false)
  const socket = {
    readyState: 1,
    OPEN: 1,
    // each answer lets the next event in
    send: () => void (++replies === n ? finish() : q < n && event()),
    on: (event: string, fn: never) => void (listeners[event] = fn),
  }
  // one socket sends every event here: its rate is not limited; BENCH_USER_REFRESH_MS: how often it runs a
  // `user` option that checks a signed cookie (an HMAC)
  const limits = { ...reactor.limits, eventsPerSecond: Infinity }
  const userRefreshMs = Number(process.env.BENCH_USER_REFRESH_MS ?? 5000)
  const findUser = () => createHmac('sha256', 'bench-user-key').update(scope.session).digest('base64url')
  const options = { engine: reactor.engine, development: false, log: reactor.log, transaction: <T>(work: () => Promise<T>) => work(), applied: new AppliedEvents(), plugins: socketPlugins(reactor.plugins), limits, userRefreshMs }
  new Connection(options, socket, scope, findUser)
  listeners.message(Buffer.from(JSON.stringify({ t: 'join', p: 'bench', c: [{ id: component.id, tok: token }] })), false)
  const done = new Promise<void>((resolve) => (finish = resolve))
  const started = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  for (let i = 0; i < WINDOW; i++) event()
  await done
  const used = process.cpuUsage(cpu)
  const wall = Number(process.hrtime.bigint() - started) / 1e3
  return { us_per_event: Math.round((wall / n) * 10) / 10, cpu_us_per_event: Math.round(((used.user + used.system) / n) * 10) / 10 }
}
