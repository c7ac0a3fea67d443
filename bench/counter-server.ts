// The server the events benchmark drives: the example's counter alone, no database, no auto-broadcast
// (the library's own event path). PORT picks the port; SIGTERM stops it.
import Koa from 'koa'
import { fileURLToPath } from 'node:url'
import { XCounter } from '../example/components/counter.js'
import { Reactor } from '../src/index.js'

const reactor = new Reactor({ views: fileURLToPath(new URL('../example/views', import.meta.url)), components: [XCounter] })
const app = reactor.attach(new Koa())
app.use((ctx) => ctx.render('counter.pug', { title: 'Counter' }))
const server = app.listen(Number(process.env.PORT), '127.0.0.1')
process.once('SIGTERM', () => {
  server.closeAllConnections()
  server.close(() => process.exit(0))
})
