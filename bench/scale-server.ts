// A node of the scale benchmark: the counter, subscribed to the broadcast `tick` (a render shows the tick
// count), on the Redis bus (REDIS_URL), on PORT; SCALE_DEFLATE=1 turns permessage-deflate on. /heap collects
// garbage and answers the process's memory (--expose-gc). SIGTERM stops it.
import Koa from 'koa'
import { fileURLToPath } from 'node:url'
import { Component, Reactor, t, type RedisBus } from '../src/index.js'

let ticks = 0

class XTick extends Component {
  static template = 'x-tick.pug'
  static state = { amount: t.int() }
  static handlers = { inc: {} }
  amount = 0

  mount(): void {
    this.subscribe('tick')
  }

  get tick(): number {
    return ticks
  }

  inc(): void {
    this.amount += 1
  }
}

const views = fileURLToPath(new URL('./views', import.meta.url))
const reactor = new Reactor({
  views,
  components: [XTick],
  limits: { eventsPerSecond: Infinity },
  perMessageDeflate: process.env.SCALE_DEFLATE === '1',
  // the benchmark's clients do not answer pings in time under full load: no heartbeat drops
  heartbeatMs: 3_600_000,
})
reactor.engine.bus.subscribe('tick', () => void ticks++)
const app = reactor.attach(new Koa())
app.use(async (ctx, next) => (ctx.path === '/heap' && global.gc ? (global.gc(), (ctx.body = process.memoryUsage())) : next()))
// the components joined on this node: the listeners of `tick` besides the node's own
app.use(async (ctx, next) => (ctx.path === '/joined' ? (ctx.body = String((reactor.engine.bus as RedisBus).channels.count('tick') - 1)) : next()))
app.use((ctx) => ctx.render('scale-page.pug'))
const server = // a long accept queue: thousands of sockets connect at once
app.listen(Number(process.env.PORT), '127.0.0.1', 4096, () => console.log('ready'))
// at once: closing 15,000 sockets one by one is not what is measured (and --cpu-prof writes on exit)
process.once('SIGTERM', () => process.exit(0))
