// The server the uploads benchmark drives: one component that takes a file of up to 60 MB. PORT picks the port.
import Koa from 'koa'
import { fileURLToPath } from 'node:url'
import { Reactor } from '../src/index.js'
import { XBigUpload } from './lib/big-upload.js'


const reactor = new Reactor({ views: fileURLToPath(new URL('views', import.meta.url)), components: [XBigUpload], limits: { eventsPerSecond: Infinity } }) // chunks as fast as they are taken
const app = reactor.attach(new Koa())
app.use((ctx) => ctx.render('log-page.pug', { name: 'x-big-upload', n: 0 }))
const server = app.listen(Number(process.env.PORT), '127.0.0.1')
process.once('SIGTERM', () => {
  server.closeAllConnections()
  server.close(() => process.exit(0)) // the node's upload folder goes with it
})
