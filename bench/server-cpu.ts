// The server's CPU per counter event, beside a floor server measured in the same run: bench/floor-server.ts
// does the least a signed stateless event needs (parse, verify an HMAC token, handler, the same Pug template,
// sign, send). Both run in processes of their own and are driven alike (SOCKETS sockets, WINDOW events in
// flight on each), in alternating rounds; CPU comes from /proc. The ratio is what holds across machines.
//
//   node --import tsx bench/server-cpu.ts [rounds=3] [seconds=3]
import WebSocket from 'ws'
import { ServerProcess } from './lib/process.js'
import { SECRET } from './lib/serve.js'
import { median, round } from './lib/stats.js'

const ROUNDS = Number(process.argv[2] ?? 3)
const SECONDS = Number(process.argv[3] ?? 3)
const SOCKETS = 8
const WINDOW = 8

/** A socket that keeps WINDOW events in flight: `next(reply)` is the next event after each answer. */
interface Driven {
  ws: WebSocket
  first: () => string
  next: (reply: string) => string
}

async function reactorSocket(url: string): Promise<Driven> {
  const res = await fetch(`${url}/counter`)
  const cookie = res.headers.get('set-cookie')!.split(';')[0]
  const [, id, tok] = /id="([^"]+)" reactor-component="x-counter" state="([^"]+)"/.exec(await res.text())!
  const ws = new WebSocket(`${url.replace('http', 'ws')}/__reactor__`, { headers: { cookie } })
  await new Promise((r) => ws.once('open', r))
  ws.send(JSON.stringify({ t: 'join', p: Math.random().toString(36).slice(2), c: [{ id, tok }] }))
  let q = 0
  const event = () => JSON.stringify({ t: 'ev', id, n: 'inc', a: {}, q: ++q })
  return { ws, first: event, next: event }
}

async function floorSocket(url: string): Promise<Driven> {
  let { tok } = (await (await fetch(url)).json()) as { tok: string }
  const ws = new WebSocket(url.replace('http', 'ws'))
  await new Promise((r) => ws.once('open', r))
  let q = 0
  // events in flight all carry the newest token the client has (as a browser would)
  return { ws, first: () => JSON.stringify({ tok, q: ++q }), next: (reply) => ((tok = JSON.parse(reply).tok), JSON.stringify({ tok, q: ++q })) }
}

async function measure(server: ServerProcess, open: (url: string) => Promise<Driven>) {
  const sockets = await Promise.all(Array.from({ length: SOCKETS }, () => open(server.url)))
  let answered = 0
  let running = true
  const up: number[] = []
  const down: number[] = []
  for (const s of sockets) {
    s.ws.on('message', (data) => {
      const reply = String(data)
      answered++
      if (down.length < 1000) down.push(Buffer.byteLength(reply))
      if (!running || reply.startsWith('{"t":"err"')) return
      const msg = s.next(reply)
      if (up.length < 1000) up.push(Buffer.byteLength(msg))
      s.ws.send(msg)
    })
    for (let i = 0; i < WINDOW; i++) s.ws.send(s.first())
  }
  await new Promise((r) => setTimeout(r, 500)) // warm-up
  const before = { answered, cpu: server.cpuMicros(), at: performance.now() }
  await new Promise((r) => setTimeout(r, SECONDS * 1000))
  const events = answered - before.answered
  const cpu = server.cpuMicros() - before.cpu
  const seconds = (performance.now() - before.at) / 1000
  running = false
  for (const s of sockets) s.ws.close()
  return { cpuMicrosPerEvent: round(cpu / events, 1), eventsPerSecond: Math.round(events / seconds), bytesUp: median(up), bytesDown: median(down.slice(100)) }
}

const reactor = await ServerProcess.start('bench/counter-server.ts', { REACTOR_SECRET: SECRET })
const floor = await ServerProcess.start('bench/floor-server.ts')
try {
  const rounds = []
  for (let r = 0; r < ROUNDS; r++) {
    const ours = await measure(reactor, reactorSocket)
    const bare = await measure(floor, floorSocket)
    rounds.push({ reactor: ours, floor: bare, ratio: round(ours.cpuMicrosPerEvent / bare.cpuMicrosPerEvent) })
  }
  const ratios = rounds.map((r) => r.ratio)
  console.log(JSON.stringify({
    serverCpu: {
      sockets: SOCKETS,
      inFlightPerSocket: WINDOW,
      secondsPerRound: SECONDS,
      reactorCpuMicrosPerEvent: rounds.map((r) => r.reactor.cpuMicrosPerEvent),
      floorCpuMicrosPerEvent: rounds.map((r) => r.floor.cpuMicrosPerEvent),
      ratio: { min: Math.min(...ratios), median: median(ratios), max: Math.max(...ratios) },
      rounds,
    },
  }, null, 2))
} finally {
  await reactor.stop()
  await floor.stop()
}
