// The server the events benchmark drives: the example's counter alone, no database, no auto-broadcast
// (the library's own event path). PORT picks the port; SIGTERM stops it.
import Koa, { type Context } from 'koa'
import { createHmac } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { XCounter } from '../example/components/counter.js'
import { Reactor } from '../src/index.js'

// the events benchmark drives each socket as fast as it answers, so the event rate is not limited unless
// BENCH_LIMITS=default (the fairness benchmark, with the default limits)
const limits = process.env.BENCH_LIMITS === 'default' ? {} : { eventsPerSecond: Infinity }
// BENCH_USER_REFRESH_MS: a `user` option that checks a signed cookie (an HMAC), run again that often per socket
const refresh = process.env.BENCH_USER_REFRESH_MS
const user = (ctx: Context) => createHmac('sha256', 'bench-user-key').update(ctx.cookies.get('rx_sid') ?? '').digest('base64url')
const users = refresh === undefined ? {} : { user, userRefreshMs: Number(refresh) }
const reactor = new Reactor({ views: fileURLToPath(new URL('../example/views', import.meta.url)), components: [XCounter], limits, ...users })
const app = reactor.attach(new Koa())
app.use((ctx) => ctx.render('counter.pug', { title: 'Counter' }))
const server = app.listen(Number(process.env.PORT), '127.0.0.1')
process.once('SIGTERM', () => {
  server.closeAllConnections()
  server.close(() => process.exit(0))
})
