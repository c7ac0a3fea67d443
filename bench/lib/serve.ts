// Servers a benchmark runs itself, on free loopback ports: the counter alone, and the TodoMVC example on a
// temporary SQLite file. Both in production mode: the page gets the production client, as users do.
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp } from '../../example/app.js'
import { temporaryDatabase } from '../../spec/support/server.js'
import { counterApp } from '../counter-server.js'
import type { ReactorOptions } from '../../src/index.js'

export interface Served {
  url: string
  close(): Promise<void>
}

export const SECRET = 'bench-secret-0123456789-abcdefghijklmnop'
const quiet = { warn() {}, error: (m: string, e?: unknown) => console.error(m, e) }

async function listen(app: { listen(port: number, host: string, done: () => void): Server }): Promise<{ url: string; server: Server }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

function stop(server: Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}

/** `options`: more Reactor options (the transport, say). */
export async function serveCounter(options: ReactorOptions = {}): Promise<Served> {
  const { app, reactor } = counterApp({ secret: SECRET, logger: quiet, watch: false, development: false, ...options })
  const { url, server } = await listen(app)
  return { url: `${url}/`, close: async () => (await stop(server), await reactor.close()) }
}

export async function serveTodo(): Promise<Served & { todos: Awaited<ReturnType<typeof createApp>>["todos"] }> {
  const database = temporaryDatabase()
  const { app, todos, close } = await createApp({ secret: SECRET, logger: quiet, watch: false, development: false }, { database: database.file })
  const { url, server } = await listen(app)
  return { url: `${url}/todo`, todos, close: async () => (await stop(server), await close(), database.remove()) }
}
