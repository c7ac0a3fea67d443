// A client process of the reconnect benchmark (bench/reconnect.ts forks several): it opens its share of the
// sockets on the first node, each joined with the counter; when the node closes one, it waits as the browser
// client does (`reconnectDelay`, the function public/reconnect.ts calls, with the window of the 1012 close) and
// reconnects to the second node, joins and clicks once. Times are wall clock in ms (performance.timeOrigin +
// now), comparable across the processes.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import WebSocket from 'ws'
import { reconnectDelay, RESTARTING } from '../src/wire/reconnect.js'

export interface Page {
  cookie: string
  id: string
  tok: string
}

/** One socket's move, wall clock: its close, its reconnect attempt, the open on the second node, the click's answer. */
export interface Moved {
  closed: number
  tried: number
  opened: number
  answered: number
  code: number
}

type Command = { cmd: 'connect'; first: string; second: string; page: Page; count: number; windowMs: number } | { cmd: 'exit' }

const now = () => performance.timeOrigin + performance.now()
const send = (message: object) => process.send!(message)

/** Opens a socket and joins the counter; resolves once open (the join is sent). */
function open(url: string, page: Page): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/__reactor__`, { headers: { cookie: page.cookie } })
  ws.on('error', () => undefined)
  return new Promise((resolve, reject) => {
    ws.once('open', () => (ws.send(JSON.stringify({ t: 'join', p: Math.random().toString(36).slice(2), c: [{ id: page.id, tok: page.tok }] })), resolve(ws)))
    ws.once('error', reject)
  })
}

async function connect({ first, second, page, count, windowMs }: Extract<Command, { cmd: 'connect' }>): Promise<void> {
  const sockets: WebSocket[] = []
  for (let i = 0; i < count; i += 250) sockets.push(...(await Promise.all(Array.from({ length: Math.min(250, count - i) }, () => open(first, page)))))
  const moved: Moved[] = []
  let failed = 0
  const lag = monitorEventLoopDelay({ resolution: 10 })
  const done = () => moved.length + failed === count && (lag.disable(), send({ moved, failed, lagP99: lag.percentile(99) / 1e6 }))
  for (const ws of sockets) {
    ws.once('close', (code, reason) => {
      const closed = now()
      const wait = reconnectDelay(0, (code === RESTARTING && Number(String(reason))) || windowMs)
      setTimeout(async () => {
        const tried = now()
        try {
          const again = await open(second, page)
          const opened = now()
          again.send(JSON.stringify({ t: 'ev', id: page.id, n: 'inc', q: 1 }))
          await new Promise((r) => again.once('message', r))
          moved.push({ closed, tried, opened, answered: now(), code })
          again.terminate()
        } catch {
          failed++
        }
        done()
      }, wait)
    })
  }
  lag.enable()
  send({ connected: sockets.length })
}

process.on('message', (c: Command) => (c.cmd === 'connect' ? void connect(c) : process.exit(0)))
