// The node the upload-path benchmark drives: the socket path (bench/uploads-server.ts's component) and, beside
// it, a minimal HTTP path: GET /upload-token?size= signs a token (HMAC) for one file of that size for a minute,
// and PUT /upload/<token> streams the body to this node's upload folder, checking the size. GET /memory gives
// the peaks of RSS and heap since the last call (sampled every 20 ms). PORT picks the port.
import Koa from 'koa'
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Transform } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { Reactor } from '../src/index.js'
import { XBigUpload } from './lib/big-upload.js'

const KEY = randomBytes(32)
const sign = (body: string) => createHmac('sha256', KEY).update(body).digest('base64url')

function token(size: number): string {
  const body = Buffer.from(JSON.stringify({ size, exp: Date.now() + 60_000, ref: randomBytes(9).toString('base64url') })).toString('base64url')
  return `${body}.${sign(body)}`
}

function verified(tok: string): { size: number; ref: string } | undefined {
  const [body, mac] = tok.split('.')
  if (!body || !mac || mac.length !== 43 || !timingSafeEqual(Buffer.from(mac), Buffer.from(sign(body)))) return undefined
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as { size: number; exp: number; ref: string }
  return claims.exp > Date.now() ? claims : undefined
}

/** Passes the body on, failing once it goes beyond `size` bytes. */
function limited(size: number): Transform {
  let seen = 0
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length
      done(seen > size ? new Error('more bytes than the token allows') : null, chunk)
    },
  })
}

let peak = { rss: 0, heap: 0 }
setInterval(() => {
  const { rss, heapUsed } = process.memoryUsage()
  peak = { rss: Math.max(peak.rss, rss), heap: Math.max(peak.heap, heapUsed) }
}, 20).unref()

const reactor = new Reactor({ views: fileURLToPath(new URL('views', import.meta.url)), components: [XBigUpload], limits: { eventsPerSecond: Infinity } })
const app = reactor.attach(new Koa())
app.use(async (ctx, next) => {
  if (ctx.path === '/memory') return void ((ctx.body = peak), (peak = { rss: 0, heap: 0 }))
  if (ctx.path === '/upload-token') return void (ctx.body = token(Number(ctx.query.size)))
  if (!(ctx.method === 'PUT' && ctx.path.startsWith('/upload/'))) return next()
  const claims = verified(ctx.path.slice('/upload/'.length))
  if (!claims) return ctx.throw(403, 'the upload token is forged or expired; ask for a new one')
  const path = join(tmpdir(), `bench-upload-${claims.ref}`)
  await pipeline(ctx.req, limited(claims.size), createWriteStream(path))
  await rm(path) // a handler would take it here
  ctx.body = 'ok'
})
app.use((ctx) => ctx.render('log-page.pug', { name: 'x-big-upload', n: 0 }))
const server = app.listen(Number(process.env.PORT), '127.0.0.1')
process.once('SIGTERM', () => {
  server.closeAllConnections()
  server.close(() => process.exit(0))
})
