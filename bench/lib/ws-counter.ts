// The floor of a browser benchmark: a counter with no framework, one page and one WebSocket; a click sends
// "inc", the server answers the new count, the page sets it as the text. Nothing is signed, diffed or morphed.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>floor</title></head><body>
<div id="floor"><span class="count">0</span> <button class="inc">+</button></div>
<script>
const ws = new WebSocket('ws://' + location.host + '/ws')
const count = document.querySelector('.count')
document.querySelector('.inc').addEventListener('click', () => ws.send('inc'))
ws.onmessage = (e) => { count.textContent = e.data }
</script></body></html>`

export interface Floor {
  url: string
  close(): Promise<void>
}

export async function startWsCounter(): Promise<Floor> {
  const server: Server = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE))
  const wss = new WebSocketServer({ server, path: '/ws' })
  wss.on('connection', (ws) => {
    let count = 0
    ws.on('message', () => ws.send(String(++count)))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => {
      for (const ws of wss.clients) ws.terminate()
      wss.close()
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
