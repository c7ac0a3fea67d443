// Memory per idle socket: one counter node (its own process), then 1,000 and 10,000 sockets, each joined
// with one component, left idle; then the same again on a fresh node with sockets that also clicked once, and
// on the floor, a bare `ws` node (socket-floor-server.ts) holding as many sockets. Memory is read after a full
// garbage collection (/heap, --expose-gc): the V8 heap and the resident set, per socket. Prints JSON.
//
//   node --import tsx bench/sockets.ts [steps=1000,10000]
import { execSync } from 'node:child_process'
import WebSocket from 'ws'
import { ServerProcess } from './lib/process.js'
import { SECRET } from './lib/serve.js'
import { round } from './lib/stats.js'

const STEPS = (process.argv[2] ?? '1000,10000').split(',').map(Number)

interface Memory {
  heapUsed: number
  rss: number
  external: number
  arrayBuffers: number
}

const memory = async (server: ServerProcess): Promise<Memory> => (await fetch(`${server.url}/heap`)).json() as Promise<Memory>

async function joined(url: string, cookie: string, id: string, tok: string, withEvent: boolean): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/__reactor__`, { headers: { cookie }, perMessageDeflate: false })
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)))
  ws.send(JSON.stringify({ t: 'join', p: Math.random().toString(36).slice(2), c: [{ id, tok }] }))
  if (withEvent) {
    // one click too: the server then also holds the component's render base and the event's answer
    ws.send(JSON.stringify({ t: 'ev', id, n: 'inc', a: {}, q: 1 }))
    await new Promise((resolve) => ws.once('message', resolve))
  }
  return ws
}

/** A socket of the floor: open, nothing sent. */
async function bare(url: string): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/__reactor__`, { perMessageDeflate: false })
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)))
  return ws
}

/** Opens sockets up to each of STEPS on a fresh node (the floor's with `floor`); the memory each step costs, per socket. */
async function measure(withEvent: boolean, floor = false) {
  const server = floor
    ? await ServerProcess.start('bench/socket-floor-server.ts', {}, ['--expose-gc'])
    : await ServerProcess.start('bench/counter-server.ts', { REACTOR_SECRET: SECRET }, ['--expose-gc'])
  const sockets: WebSocket[] = []
  try {
    let open = () => bare(server.url)
    if (!floor) {
      const res = await fetch(`${server.url}/counter`)
      const cookie = res.headers.get('set-cookie')!.split(';')[0]
      const [, id, tok] = /id="([^"]+)" reactor-component="x-counter" state="([^"]+)"/.exec(await res.text())!
      open = () => joined(server.url, cookie, id, tok, withEvent)
    }
    await memory(server)
    const idle = await memory(server)
    const steps = []
    let stoppedBy: string | undefined
    for (const target of STEPS) {
      try {
        while (sockets.length < target) {
          const batch = Array.from({ length: Math.min(200, target - sockets.length) }, open)
          sockets.push(...(await Promise.all(batch)))
        }
      } catch (error) {
        stoppedBy = `${String(error)} at ${sockets.length} sockets`
        break
      }
      await new Promise((r) => setTimeout(r, 2000)) // the last joins are handled
      await memory(server)
      const now = await memory(server)
      steps.push({
        sockets: sockets.length,
        heapBytesPerSocket: Math.round((now.heapUsed - idle.heapUsed) / sockets.length),
        rssBytesPerSocket: Math.round((now.rss - idle.rss) / sockets.length),
        externalBytesPerSocket: Math.round((now.external - idle.external) / sockets.length),
        heapMB: round(now.heapUsed / 2 ** 20, 1),
        rssMB: round(now.rss / 2 ** 20, 1),
      })
    }
    return { steps, stoppedBy: stoppedBy ?? null }
  } finally {
    for (const ws of sockets) ws.terminate()
    await server.stop()
  }
}

const joinedOnly = await measure(false)
const clickedOnce = await measure(true)
const floor = await measure(false, true)
const limits = execSync('ulimit -n; ulimit -Hn; cat /proc/sys/net/ipv4/ip_local_port_range', { shell: '/bin/bash', encoding: 'utf8' }).trim().split('\n')
console.log(JSON.stringify({ sockets: { ...joinedOnly, clickedOnce, floor, openFilesSoft: Number(limits[0]), openFilesHard: Number(limits[1]), ephemeralPorts: limits[2] } }, null, 2))
