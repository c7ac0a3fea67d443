// The size of the browser client as it is served: minified, and gzipped (level 9); the production bundle and
// the development one (with the error overlay and warnings). Run `make build` first.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { CLIENT_PATH, DEV_CLIENT_PATH } from '../src/koa/assets.js'

function sizes(path: string): [number, number] {
  try {
    const body = readFileSync(path)
    return [body.length, gzipSync(body, { level: 9 }).length]
  } catch {
    console.error(`${path} is not built; run \`make build\``)
    process.exit(1)
  }
}
const [min, gzip] = sizes(CLIENT_PATH)
const [devMin, devGzip] = sizes(DEV_CLIENT_PATH)
console.log(JSON.stringify({ client_min_bytes: min, client_gzip_bytes: gzip, client_dev_min_bytes: devMin, client_dev_gzip_bytes: devGzip }))
