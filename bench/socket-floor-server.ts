// The floor of the sockets benchmark: a bare `ws` node (noServer, no client tracking) that keeps each socket
// with an error, a message and a close listener and nothing else. /heap collects garbage and answers the
// process's memory (--expose-gc); PORT picks the port.
import { createServer } from 'node:http'
import { WebSocketServer, type WebSocket } from 'ws'

const sockets = new Set<WebSocket>()
const server = createServer((req, res) => {
  if (req.url === '/heap' && global.gc) global.gc()
  res.end(req.url === '/heap' ? JSON.stringify(process.memoryUsage()) : 'ok')
})
const wss = new WebSocketServer({ noServer: true, clientTracking: false })

function ignored(): void {}
function closed(this: WebSocket): void {
  sockets.delete(this)
}
// outside the upgrade listener: a closure made in it would keep the request
function opened(ws: WebSocket): void {
  sockets.add(ws)
  ws.on('error', ignored)
  ws.on('message', ignored)
  ws.on('close', closed)
}

server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, opened))
server.listen(Number(process.env.PORT), '127.0.0.1')
process.once('SIGTERM', () => server.close(() => process.exit(0)))
