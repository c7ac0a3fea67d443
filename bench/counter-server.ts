// The server the events benchmark drives: the example's counter alone, no database, no auto-broadcast
// (the library's own event path). PORT picks the port; SIGTERM stops it. `counterApp()` is the same app,
// for a benchmark that serves it itself.
import Koa, { type Context } from 'koa'
import { createHmac } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { XCounter } from '../example/components/counter.js'
import { Reactor, type ReactorOptions } from '../src/index.js'

// the benchmarks drive each socket as fast as it answers, so the event rate is not limited unless
// BENCH_LIMITS=default (the fairness benchmark, with the default limits)
const limits = process.env.BENCH_LIMITS === 'default' ? {} : { eventsPerSecond: Infinity }
// BENCH_USER_REFRESH_MS: a `user` option that checks a signed cookie (an HMAC), run again that often per socket
const refresh = process.env.BENCH_USER_REFRESH_MS
const user = (ctx: Context) => createHmac('sha256', 'bench-user-key').update(ctx.cookies.get('rx_sid') ?? '').digest('base64url')
const users = refresh === undefined ? {} : { user, userRefreshMs: Number(refresh) }

export function counterApp(options: ReactorOptions = {}) {
  const views = fileURLToPath(new URL('../example/views', import.meta.url))
  const reactor = new Reactor({ views, components: [XCounter], limits, ...users, ...options })
  const app = reactor.attach(new Koa())
  // with --expose-gc: /heap collects garbage and answers the process's memory (the sockets benchmark)
  app.use(async (ctx, next) => (ctx.path === '/heap' && global.gc ? (global.gc(), (ctx.body = process.memoryUsage())) : next()))
  app.use((ctx) => ctx.render('counter.pug', { title: 'Counter' }))
  return { app, reactor }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = counterApp().app.listen(Number(process.env.PORT), '127.0.0.1')
  process.once('SIGTERM', () => {
    server.closeAllConnections()
    server.close(() => process.exit(0))
  })
}
