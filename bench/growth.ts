// Bytes up and down and the server's CPU per event as a component's state grows: a counter that also
// holds N notes (rendered as a list), clicked like the counter (only `amount` changes). The event path is
// the library's own (a Connection fed frames, as bench/socket-path.ts). The token's size cap
// (MAX_TOKEN_BYTES) bounds the state; sizes past it are reported as refused. Prints JSON.
//
//   node --import tsx bench/growth.ts [kilobytes=1,10,30,45,100]
import { fileURLToPath } from 'node:url'
import { Component, Reactor, t } from '../src/index.js'
import { AppliedEvents } from '../src/wire/applied.js'
import { socketPlugins } from '../src/wire/plugin.js'
import { Connection } from '../src/wire/socket.js'
import { median, round } from './lib/stats.js'

const SIZES = (process.argv[2] ?? '1,10,30,45,100').split(',').map(Number)
const EVENTS = 2000

class XNotes extends Component {
  static template = fileURLToPath(new URL('fixtures/x-notes.pug', import.meta.url))
  static state = { amount: t.int(), notes: t.array(t.string()) }
  static handlers = { inc: {} }
  amount = 0
  notes: string[] = []
  inc() {
    this.amount += 1
  }
}

const reactor = new Reactor({ secret: 'bench-secret-0123456789abcdef-0123456789', views: 'example/views', components: [XNotes], watch: false })
const scope = { ctx: {} as never, session: 'bench-session-0123456789', user: undefined }

/** Sends EVENTS clicks through a Connection to a component holding `kilobytes` of notes. */
async function measure(kilobytes: number) {
  const note = 'a note of about fifty characters, kept in the state'
  const notes = Array.from({ length: Math.round((kilobytes * 1024) / (note.length + 3)) }, (_, i) => `${i} ${note}`)
  const mounted = await reactor.engine.mount('x-notes', { notes }, scope)
  const { token, payload } = await reactor.engine.render(mounted, scope)
  const listeners: Record<string, (data: Buffer, binary: boolean) => void> = {}
  const down: number[] = []
  let refused: string | undefined
  const up: number[] = []
  let answered: () => void = () => {}
  const socket = { readyState: 1, OPEN: 1, send: (data: string) => (data.startsWith('{"t":"err"') && (refused ??= JSON.parse(data).code), down.push(Buffer.byteLength(data)), answered()), on: (e: string, fn: never) => void (listeners[e] = fn) }
  const limits = { ...reactor.limits, eventsPerSecond: Infinity }
  new Connection({ engine: reactor.engine, development: false, log: console, transaction: (work) => work(), applied: new AppliedEvents(), plugins: socketPlugins(reactor.plugins), limits, userRefreshMs: 5000 }, socket, scope, () => undefined)
  const frame = (msg: object) => {
    const text = JSON.stringify(msg)
    up.push(Buffer.byteLength(text))
    return new Promise<void>((resolve) => ((answered = resolve), listeners.message(Buffer.from(text), false)))
  }
  listeners.message(Buffer.from(JSON.stringify({ t: 'join', p: 'bench', c: [{ id: mounted.id, tok: token }] })), false)
  await new Promise((r) => setImmediate(r))
  if (refused) throw new Error(`the join was refused: ${refused} (a token is limited to MAX_TOKEN_BYTES)`)
  const cpu = process.cpuUsage()
  for (let q = 1; q <= EVENTS; q++) await frame({ t: 'ev', id: mounted.id, n: 'inc', a: {}, q })
  const used = process.cpuUsage(cpu)
  return {
    stateKB: round(Buffer.byteLength(JSON.stringify(notes)) / 1024, 1),
    tokenBytes: token.length,
    payloadBytes: payload.length,
    bytesUpPerEvent: median(up),
    bytesDownPerEvent: median(down.slice(1)),
    cpuMicrosPerEvent: round((used.user + used.system) / EVENTS, 1),
  }
}

const steps = []
for (const kilobytes of SIZES) {
  try {
    steps.push(await measure(kilobytes))
  } catch (error) {
    steps.push({ stateKB: kilobytes, refused: String((error as Error).message ?? error) })
  }
}
console.log(JSON.stringify({ growth: { events: EVENTS, steps } }, null, 2))
