// The floor of the server benchmark: the least work a signed, stateless event needs, with no framework.
// Each event frame carries the component's token; the server parses the JSON, verifies the token's HMAC,
// runs the handler, renders the counter's own Pug template, signs the new state and sends HTML and token.
// PORT picks the port; SIGTERM stops it.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import pug from 'pug'
import { WebSocketServer } from 'ws'

const KEY = Buffer.from('bench-floor-secret-0123456789abcdef')
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')
const template = pug.compileFile(new URL('../example/views/components/x-counter.pug', import.meta.url).pathname)

const mac = (input: string) => createHmac('sha256', KEY).update(input).digest()

function sign(state: object): string {
  const input = `${HEADER}.${Buffer.from(JSON.stringify(state)).toString('base64url')}`
  return `${input}.${mac(input).toString('base64url')}`
}

function verify(token: string): { amount: number } {
  const [header, payload, signature] = token.split('.')
  const given = Buffer.from(signature, 'base64url')
  const wanted = mac(`${header}.${payload}`)
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw new Error('bad signature')
  return JSON.parse(Buffer.from(payload, 'base64url').toString())
}

const server = createServer((_, res) => res.end(JSON.stringify({ tok: sign({ amount: 0 }) })))
new WebSocketServer({ server }).on('connection', (ws) => {
  ws.on('message', (data) => {
    const event = JSON.parse(String(data)) as { tok: string; q: number }
    const state = verify(event.tok)
    state.amount += 1
    ws.send(JSON.stringify({ q: event.q, tok: sign(state), html: template(state) }))
  })
})
server.listen(Number(process.env.PORT), '127.0.0.1')
process.once('SIGTERM', () => {
  server.closeAllConnections()
  server.close(() => process.exit(0))
})
