// The server the events benchmark drives: the example's counter alone, no database, no auto-broadcast
// (the library's own event path). PORT picks the port; SIGTERM stops it.
import Koa from 'koa'
import { fileURLToPath } from 'node:url'
import { XCounter } from '../example/components/counter.js'
import { Reactor } from '../src/index.js'

// the events benchmark drives each socket as fast as it answers, so the event rate is not limited unless
// BENCH_LIMITS=default (the fairness benchmark, with the default limits)
const limits = process.env.BENCH_LIMITS === 'default' ? {} : { eventsPerSecond: Infinity }
const reactor = new Reactor({ views: fileURLToPath(new URL('../example/views', import.meta.url)), components: [XCounter], limits })
const app = reactor.attach(new Koa())
app.use((ctx) => ctx.render('counter.pug', { title: 'Counter' }))
const server = app.listen(Number(process.env.PORT), '127.0.0.1')
process.once('SIGTERM', () => {
  server.closeAllConnections()
  server.close(() => process.exit(0))
})
