// The server the streams benchmark drives: a log of N items kept as a stream (the browser holds the items)
// and, for comparison, the same log kept in the component's state (the token holds them). GET /<kind>?n=N.
import Koa from 'koa'
import { fileURLToPath } from 'node:url'
import { Component, Reactor, t } from '../src/index.js'

const line = (i: number) => ({ id: i, text: `message number ${i} of the benchmark log` })

export class XStreamLog extends Component {
  static template = 'x-stream-log.pug'
  static state = { next: t.int() }
  static handlers = { add: {} }
  next = 0

  mount({ n }: { n: number }): void {
    for (let i = 0; i < n; i++) this.add()
  }

  add(): void {
    this.stream('log').insert(line(this.next++))
  }
}

export class XStateLog extends Component {
  static template = 'x-state-log.pug'
  static state = { log: t.array(t.object({ id: t.int(), text: t.string() })) }
  static handlers = { add: {} }
  log: { id: number; text: string }[] = []

  mount({ n }: { n: number }): void {
    for (let i = 0; i < n; i++) this.add()
  }

  add(): void {
    this.log.push(line(this.log.length))
  }
}

const reactor = new Reactor({ views: fileURLToPath(new URL('views', import.meta.url)), components: [XStreamLog, XStateLog], limits: { eventsPerSecond: Infinity } }) // the benchmark sends as fast as it is answered
const app = reactor.attach(new Koa())
app.use(async (ctx) => {
  if (ctx.path === '/stream' || ctx.path === '/state') await ctx.render('log-page.pug', { name: `x-${ctx.path.slice(1)}-log`, n: Number(ctx.query.n) })
})
const server = app.listen(Number(process.env.PORT), '127.0.0.1')
process.once('SIGTERM', () => {
  server.closeAllConnections()
  server.close(() => process.exit(0))
})
