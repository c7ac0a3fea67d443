// The server the events benchmark drives: the example's counter alone, no database, no auto-broadcast
// (the library's own event path). PORT picks the port; SIGTERM stops it. `counterApp()` is the same app,
// for a benchmark that serves it itself.
import Koa from 'koa'
import { fileURLToPath } from 'node:url'
import { XCounter } from '../example/components/counter.js'
import { Reactor, type ReactorOptions } from '../src/index.js'

export function counterApp(options: ReactorOptions = {}) {
  const reactor = new Reactor({ views: fileURLToPath(new URL('../example/views', import.meta.url)), components: [XCounter], ...options })
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
