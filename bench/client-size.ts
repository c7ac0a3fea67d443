// The size of the browser client as it is served: minified, and gzipped (level 9). Run `make build` first.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { CLIENT_PATH } from '../src/koa/assets.js'

let body: Buffer
try {
  body = readFileSync(CLIENT_PATH)
} catch {
  console.error(`${CLIENT_PATH} is not built; run \`make build\``)
  process.exit(1)
}
console.log(JSON.stringify({ client_min_bytes: body.length, client_gzip_bytes: gzipSync(body, { level: 9 }).length }))
