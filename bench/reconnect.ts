// Reconnect storms (issue 25): N sockets (default 5,000) on one node, each joined with the counter; the node gets
// SIGTERM as in a deploy. It answers what it runs, closes every socket with 1012 and its reconnect window, and
// exits; each socket then waits as the browser client does (`reconnectDelay` of src/wire/reconnect.ts, the
// function public/reconnect.ts calls) and reconnects to a second node, joins and clicks once. Reported: when the
// sockets reconnected, per tenth of the window (from the SIGTERM), the handshake and first-click times on the
// second node, and the same with a window of 0 (every socket at once: the storm the window prevents).
// `node --import tsx bench/reconnect.ts [sockets] [windowMs]`; loopback only, bounded by the window + 60 s.
import { performance } from 'node:perf_hooks'
import WebSocket from 'ws'
import { ServerProcess } from './lib/process.js'
import { round, summary } from './lib/stats.js'
import { reconnectDelay, RESTARTING } from '../src/wire/reconnect.js'
import { execSync } from 'node:child_process'

const SOCKETS = Number(process.argv[2] ?? 5000)
const WINDOW = Number(process.argv[3] ?? 5000)
const SECRET = 'bench-reconnect-secret-0123456789abcdef'
const now = () => performance.now()

interface Page {
  cookie: string
  id: string
  tok: string
}

async function pageOf(url: string): Promise<Page> {
  const res = await fetch(`${url}/`)
  const html = await res.text()
  const [, id, tok] = /id="([^"]+)" reactor-component="[^"]+" state="([^"]+)"/.exec(html)!
  return { cookie: res.headers.get('set-cookie')!.split(';')[0], id, tok }
}

/** Opens a socket, joins the counter; resolves once open (the join is sent). */
function open(url: string, page: Page): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/__reactor__`, { headers: { cookie: page.cookie } })
  ws.on('error', () => undefined)
  return new Promise((resolve, reject) => {
    ws.once('open', () => (ws.send(JSON.stringify({ t: 'join', p: Math.random().toString(36).slice(2), c: [{ id: page.id, tok: page.tok }] })), resolve(ws)))
    ws.once('error', reject)
  })
}

interface Moved {
  /** ms from the SIGTERM to the close, to the reconnect attempt, to the open on the second node, to the click's answer */
  closed: number
  tried: number
  opened: number
  answered: number
  code: number
}

/** One round: N sockets on a node that is told to shut down with reconnect window `windowMs`. */
async function round1(windowMs: number) {
  const env = { REACTOR_SECRET: SECRET, RECONNECT_WINDOW: String(windowMs) }
  const [first, second] = await Promise.all([ServerProcess.start('bench/reconnect-server.ts', env), ServerProcess.start('bench/reconnect-server.ts', env)])
  const page = await pageOf(first.url)
  const sockets: WebSocket[] = []
  for (let i = 0; i < SOCKETS; i += 250) sockets.push(...(await Promise.all(Array.from({ length: Math.min(250, SOCKETS - i) }, () => open(first.url, page)))))
  const moved: Moved[] = []
  let failed = 0
  let sigterm = 0
  const all = new Promise<void>((resolve) => {
    const done = () => moved.length + failed === SOCKETS && resolve()
    for (const ws of sockets) {
      ws.once('close', (code, reason) => {
        const closed = now() - sigterm
        // what public/reconnect.ts waits: the node's window from its 1012 close
        const wait = reconnectDelay(0, (code === RESTARTING && Number(String(reason))) || windowMs)
        setTimeout(async () => {
          const tried = now() - sigterm
          try {
            const again = await open(second.url, page)
            const opened = now() - sigterm
            again.send(JSON.stringify({ t: 'ev', id: page.id, n: 'inc', q: 1 }))
            await new Promise((r) => again.once('message', r))
            moved.push({ closed, tried, opened, answered: now() - sigterm, code })
            again.terminate()
          } catch {
            failed++
          }
          done()
        }, wait)
      })
    }
  })
  let exitMs = 0
  const exited = first.stop().then(() => (exitMs = now() - sigterm)) // SIGTERM, and its exit
  sigterm = now()
  const deadline = new Promise((r) => setTimeout(r, windowMs + 60_000).unref())
  await Promise.race([all, deadline])
  await exited
  await second.stop()
  // per tenth of the window: the sockets whose new socket opened that long after their old one closed (the wait,
  // the handshake and any queue on the second node); an eleventh count for those later than the window
  const tenths = Array.from({ length: 11 }, (_, i) => moved.filter((m) => Math.min(10, Math.floor(((m.opened - m.closed) / Math.max(windowMs, 1)) * 10)) === i).length)
  return {
    windowMs,
    sockets: SOCKETS,
    reconnected: moved.length,
    failed,
    closedWith1012: moved.filter((m) => m.code === RESTARTING).length,
    sigtermToAllClosedMs: round(Math.max(...moved.map((m) => m.closed))),
    sigtermToExitMs: round(exitMs),
    // percent of the sockets per tenth of the window (the last: after it)
    reopenedPerTenthPercent: windowMs > 0 ? tenths.map((n) => round((100 * n) / Math.max(1, moved.length), 1)) : undefined,
    closeToOpenMs: summary(moved.map((m) => m.opened - m.closed), 0),
    sigtermToOpenMs: summary(moved.map((m) => m.opened), 0),
    handshakeMs: summary(moved.map((m) => m.opened - m.tried)),
    firstClickMs: summary(moved.map((m) => m.answered - m.opened)),
  }
}

const load = () => execSync('cat /proc/loadavg').toString().split(' ').slice(0, 3).join(' ')
const loadBefore = load()
const jittered = await round1(WINDOW)
const atOnce = await round1(0)
console.log(JSON.stringify({ reconnect: { loadBefore, loadAfter: load(), jittered, atOnce } }, null, 2))
