// The browser client, served with a content hash in its name so it can be cached for a year.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { Context } from 'koa'

export const CLIENT_PATH = fileURLToPath(new URL('../../public/dist/reactor.js', import.meta.url))

export interface ClientScript {
  /** the file name, with the content hash: reactor.<hash>.js */
  file: string
  serve(ctx: Context): void
}

export function clientScript(path = CLIENT_PATH): ClientScript {
  let body: Buffer
  try {
    body = readFileSync(path)
  } catch {
    throw new Error(`koa-reactor: the browser client ${path} is not built; run \`npm run build\` (or \`make build\`) in koa-reactor`)
  }
  const gzipped = gzipSync(body, { level: 9 })
  const file = `reactor.${createHash('sha256').update(body).digest('base64url').slice(0, 10)}.js`
  return {
    file,
    serve(ctx) {
      ctx.set('Cache-Control', 'public, max-age=31536000, immutable')
      ctx.type = 'application/javascript'
      ctx.vary('Accept-Encoding')
      if (ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
        ctx.set('Content-Encoding', 'gzip')
        ctx.body = gzipped
      } else ctx.body = body
    },
  }
}
