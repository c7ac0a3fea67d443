// Reconnect storms (issue 25): N sockets (default 5,000) on one node, each joined with the counter; the node gets
// SIGTERM as in a deploy. It answers what it runs, closes every socket with 1012 and its reconnect window, and
// exits; each socket then waits as the browser client does (`reconnectDelay` of src/wire/reconnect.ts, the
// function public/reconnect.ts calls) and reconnects to a second node, joins and clicks once. Reported: when the
// sockets reopened after their close, per tenth of the window, the handshake and first-click times on the
// second node, and the same with a window of 0 (every socket at once: the storm the window prevents).
// `node --import tsx bench/reconnect.ts [sockets] [windowMs]`; loopback only, bounded by the window + 90 s a round;
// the sockets are driven by two client processes (bench/reconnect-client.ts).
import { execSync, fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { performance } from 'node:perf_hooks'
import { ServerProcess } from './lib/process.js'
import { round, summary } from './lib/stats.js'
import { RESTARTING } from '../src/wire/reconnect.js'
import type { Moved, Page } from './reconnect-client.js'

const SOCKETS = Number(process.argv[2] ?? 5000)
const WINDOW = Number(process.argv[3] ?? 5000)
/** client processes: the sockets' work is spread over them (one process alone was the slowest part) */
const CLIENTS = 2
const SECRET = 'bench-reconnect-secret-0123456789abcdef'
const now = () => performance.timeOrigin + performance.now()

async function pageOf(url: string): Promise<Page> {
  const res = await fetch(`${url}/`)
  const html = await res.text()
  const [, id, tok] = /id="([^"]+)" reactor-component="[^"]+" state="([^"]+)"/.exec(html)!
  return { cookie: res.headers.get('set-cookie')!.split(';')[0], id, tok }
}

const reply = <T>(child: ChildProcess) => once(child, 'message').then(([m]) => m as T)

/** One round: the sockets on a node that is told to shut down with reconnect window `windowMs`. */
async function measure(windowMs: number) {
  const env = { REACTOR_SECRET: SECRET, RECONNECT_WINDOW: String(windowMs) }
  const [first, second] = await Promise.all([ServerProcess.start('bench/reconnect-server.ts', env), ServerProcess.start('bench/reconnect-server.ts', env)])
  const page = await pageOf(first.url)
  const clients = Array.from({ length: CLIENTS }, () => fork('bench/reconnect-client.ts', [], { execArgv: ['--import', 'tsx'] }))
  const share = (i: number) => Math.floor(SOCKETS / CLIENTS) + (i < SOCKETS % CLIENTS ? 1 : 0)
  const connected = clients.map((c) => reply<{ connected: number }>(c))
  clients.forEach((c, i) => c.send({ cmd: 'connect', first: first.url, second: second.url, page, count: share(i), windowMs }))
  const open = (await Promise.all(connected)).reduce((n, c) => n + c.connected, 0)
  const results = clients.map((c) => reply<{ moved: Moved[]; failed: number; lagP99: number }>(c))
  const cpuBefore = second.cpuMicros()
  const sigterm = now()
  let exitMs = 0
  const exited = first.stop().then(() => (exitMs = now() - sigterm)) // SIGTERM, and its exit
  const deadline = new Promise<undefined>((r) => setTimeout(r, windowMs + 90_000, undefined).unref())
  const reported = await Promise.race([Promise.all(results), deadline])
  const cpuMs = (second.cpuMicros() - cpuBefore) / 1000
  await exited
  for (const c of clients) c.send({ cmd: 'exit' })
  await second.stop()
  const moved = (reported ?? []).flatMap((r) => r.moved)
  const failed = (reported ?? []).reduce((n, r) => n + r.failed, 0)
  // per tenth of the window: the sockets whose new socket opened that long after their old one closed (the wait,
  // the handshake and any queue on the second node); an eleventh count for those later than the window
  const tenths = Array.from({ length: 11 }, (_, i) => moved.filter((m) => Math.min(10, Math.floor(((m.opened - m.closed) / Math.max(windowMs, 1)) * 10)) === i).length)
  return {
    windowMs,
    sockets: open,
    reconnected: moved.length,
    failed,
    gaveUp: reported ? 0 : open,
    closedWith1012: moved.filter((m) => m.code === RESTARTING).length,
    sigtermToAllClosedMs: round(Math.max(...moved.map((m) => m.closed)) - sigterm),
    sigtermToExitMs: round(exitMs),
    // percent of the sockets per tenth of the window (the last: after it)
    reopenedPerTenthPercent: windowMs > 0 ? tenths.map((n) => round((100 * n) / Math.max(1, moved.length), 1)) : undefined,
    closeToOpenMs: summary(moved.map((m) => m.opened - m.closed), 0),
    sigtermToOpenMs: summary(moved.map((m) => m.opened - sigterm), 0),
    handshakeMs: summary(moved.map((m) => m.opened - m.tried)),
    firstClickMs: summary(moved.map((m) => m.answered - m.opened)),
    // the second node's CPU (user + system, from /proc) for all the reconnects, joins and clicks, per socket
    secondNodeCpuMs: round(cpuMs),
    secondNodeCpuPerReconnectMs: round(cpuMs / Math.max(1, moved.length), 3),
    // the client processes' own event loops: a late 'open' may be their lateness, not the node's
    clientLoopDelayP99Ms: (reported ?? []).map((r) => round(r.lagP99)),
  }
}

const load = () => execSync('cat /proc/loadavg').toString().split(' ').slice(0, 3).join(' ')
const loadBefore = load()
const jittered = await measure(WINDOW)
const atOnce = await measure(0)
console.log(JSON.stringify({ reconnect: { loadBefore, loadAfter: load(), jittered, atOnce } }, null, 2))
