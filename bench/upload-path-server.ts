// The node the upload-path benchmark drives: bench/uploads-server.ts's component, which takes files over the
// socket or over HTTP (one node: the library hands out tickets). GET /memory gives the peaks of RSS and heap
// since the last call (sampled every 20 ms). PORT picks the port.
import Koa from 'koa'
import { fileURLToPath } from 'node:url'
import { Reactor } from '../src/index.js'
import { XBigUpload } from './lib/big-upload.js'

let peak = { rss: 0, heap: 0 }
setInterval(() => {
  const { rss, heapUsed } = process.memoryUsage()
  peak = { rss: Math.max(peak.rss, rss), heap: Math.max(peak.heap, heapUsed) }
}, 20).unref()

const reactor = new Reactor({ views: fileURLToPath(new URL('views', import.meta.url)), components: [XBigUpload], limits: { eventsPerSecond: Infinity } })
const app = reactor.attach(new Koa())
app.use(async (ctx, next) => {
  if (ctx.path === '/memory') return void ((ctx.body = peak), (peak = { rss: 0, heap: 0 }))
  return next()
})
app.use((ctx) => ctx.render('log-page.pug', { name: 'x-big-upload', n: 0 }))
const server = app.listen(Number(process.env.PORT), '127.0.0.1')
process.once('SIGTERM', () => {
  server.closeAllConnections()
  server.close(() => process.exit(0))
})
