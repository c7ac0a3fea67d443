// A client process of the scale benchmark (bench/scale.ts forks several): it holds many sockets, each joined
// with one counter, from its own loopback addresses, and does what the parent asks over IPC. Times are wall
// clock in ms with fractions (performance.timeOrigin + now), comparable across the processes of the machine.
import { performance } from 'node:perf_hooks'
import WebSocket from 'ws'
import { reconnectDelay, RECONNECT_WINDOW_MS } from '../src/wire/reconnect.js'

export interface Target {
  url: string
  cookie: string
  id: string
  tok: string
}

type Command =
  | { cmd: 'connect'; targets: Target[]; count: number; addresses: string[]; deflate: boolean; offset: number }
  | { cmd: 'arm' }
  | { cmd: 'published'; at: number }
  | { cmd: 'click'; fraction: number; ms: number }
  | { cmd: 'bytes' }
  | { cmd: 'watch-reconnect'; dead: string; targets: Target[] }
  | { cmd: 'exit' }

const now = () => performance.timeOrigin + performance.now()
const send = (message: object) => process.send!(message)

class Socket {
  ws!: WebSocket
  /** the arrival time of the first message after `arm` */
  arrived = 0
  armed = false
  q = 0
  pending?: (at: number) => void

  constructor(public target: Target, readonly address: string, readonly deflate: boolean) {}

  open(): Promise<void> {
    const { url, cookie, id, tok } = this.target
    const ws = (this.ws = new WebSocket(`${url.replace('http', 'ws')}/__reactor__`, { headers: { cookie }, localAddress: this.address, perMessageDeflate: this.deflate }))
    ws.on('message', () => {
      const at = now()
      if (this.armed) (this.armed = false), (this.arrived = at)
      const pending = this.pending
      this.pending = undefined
      pending?.(at)
    })
    ws.on('error', () => undefined)
    return new Promise((resolve, reject) => {
      ws.once('open', () => {
        ws.send(JSON.stringify({ t: 'join', p: Math.random().toString(36).slice(2), c: [{ id, tok }] }))
        resolve()
      })
      ws.once('error', reject)
    })
  }

  /** An event, and the time its answer took. */
  click(): Promise<number> {
    const sent = now()
    return new Promise((resolve) => {
      this.pending = (at) => resolve(at - sent)
      this.ws.send(JSON.stringify({ t: 'ev', id: this.target.id, n: 'inc', a: {}, q: ++this.q }))
    })
  }

  get bytesRead(): number {
    return (this.ws as unknown as { _socket?: { bytesRead: number } })._socket?.bytesRead ?? 0
  }
}

const sockets: Socket[] = []

async function connect(c: Extract<Command, { cmd: 'connect' }>): Promise<void> {
  const started = now()
  let failed = 0
  const socketsOf = Array.from({ length: c.count }, (_, i) => new Socket(c.targets[(c.offset + i) % c.targets.length], c.addresses[i % c.addresses.length], c.deflate))
  for (let i = 0; i < socketsOf.length; i += 250) {
    const batch = socketsOf.slice(i, i + 250)
    const results = await Promise.allSettled(batch.map((s) => s.open()))
    for (const [j, r] of results.entries()) r.status === 'fulfilled' ? sockets.push(batch[j]) : failed++
  }
  send({ connected: sockets.length, failed, ms: now() - started, firstError: undefined })
}

async function click(fraction: number, ms: number): Promise<void> {
  const clickers = sockets.filter((_, i) => i % Math.round(1 / fraction) === 0 && sockets[i].ws.readyState === WebSocket.OPEN)
  const rtts: number[] = []
  const until = now() + ms
  await Promise.all(clickers.map(async (s) => {
    while (now() < until) rtts.push(await s.click())
  }))
  send({ clickers: clickers.length, rtts })
}

/** The browser client's wait before reconnect attempt `tries` after a node died (public/reconnect.ts, the default window). */
const backoff = (tries: number) => reconnectDelay(tries, RECONNECT_WINDOW_MS)

/** Sockets on `dead` reconnect to the others (round robin, as a balancer would), waiting as the browser does. */
function watchReconnect(dead: string, targets: Target[]): void {
  const mine = sockets.filter((s) => s.target.url === dead)
  const times: number[] = []
  let gaveUp = 0
  let attempts = 0
  let next = 0
  const done = () => times.length + gaveUp === mine.length && send({ reconnected: times.length, gaveUp, attempts, times })
  for (const s of mine) {
    s.ws.once('close', async () => {
      const closed = now()
      for (let tries = 0; tries < 8; tries++) {
        await new Promise((r) => setTimeout(r, backoff(tries)))
        s.target = targets[next++ % targets.length]
        attempts++
        try {
          await s.open()
          times.push(now() - closed)
          return done()
        } catch {}
      }
      gaveUp++
      done()
    })
  }
  send({ watching: mine.length })
}

process.on('message', async (c: Command) => {
  if (c.cmd === 'connect') await connect(c)
  else if (c.cmd === 'arm') {
    for (const s of sockets) (s.armed = true), (s.arrived = 0)
    send({ armed: true })
  } else if (c.cmd === 'published') {
    // a broadcast to 100,000 sockets on a loaded machine takes tens of seconds: wait for every one
    const deadline = now() + 180_000
    while (sockets.some((s) => s.armed) && now() < deadline) await new Promise((r) => setTimeout(r, 20))
    const delays = sockets.filter((s) => !s.armed).map((s) => s.arrived - c.at)
    send({ delays, missing: sockets.filter((s) => s.armed).length })
  } else if (c.cmd === 'click') await click(c.fraction, c.ms)
  else if (c.cmd === 'bytes') send({ bytes: sockets.reduce((sum, s) => sum + s.bytesRead, 0), sockets: sockets.length })
  else if (c.cmd === 'watch-reconnect') watchReconnect(c.dead, c.targets)
  else if (c.cmd === 'exit') {
    for (const s of sockets) s.ws.terminate()
    process.exit(0)
  }
})
send({ ready: true })
