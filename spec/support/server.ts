// Starts the example app (or any app) on a free loopback port, and a raw WebSocket client for the wire.
import { mkdtempSync, rmSync } from 'node:fs'
import type { Server } from 'node:http'
import type { Middleware } from 'koa'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { fileURLToPath } from 'node:url'
import { createApp, type ExampleOptions } from '../../example/app.js'
import type { Reactor, ReactorOptions } from '../../src/index.js'
import type { TodoStore } from '../../example/todo/store.js'
import { XBoard } from '../fixtures/board.js'
import { XBoom } from '../fixtures/components.js'
import type { ServerMessage } from '../../src/wire/protocol.js'

export const SECRET = 'spec-secret-please-change-me-0123456789'

export interface Running {
  url: string
  server: Server
  warnings: string[]
  reactor: Reactor
  /** the TodoMVC example's data, in a database file of its own unless `database` was given */
  todos: TodoStore
  close(): Promise<void>
}

/** A fresh SQLite file in a temporary folder, and a function that removes it. */
export function temporaryDatabase(): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'reactor-spec-'))
  return { file: join(dir, 'todo.sqlite'), remove: () => rmSync(dir, { recursive: true, force: true }) }
}

const views = ['../../example/views', '../fixtures/views'].map((p) => fileURLToPath(new URL(p, import.meta.url)))

/**
 * The example app on 127.0.0.1 with a fixed secret, plus the spec fixtures: the page /two holds a counter
 * (amount 5) and an x-boom, /board an x-board. `options.components` are registered besides the example's;
 * `example.routes` come after the example's. Warnings the library logs are collected. The TodoMVC data goes
 * to a temporary database unless `example.database` names one.
 */
export async function startExample(
  options: ReactorOptions = {},
  example: ExampleOptions & { routes?: Middleware[] } = {},
): Promise<Running> {
  const warnings: string[] = []
  const logger = { warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m) }
  const temporary = example.database ? undefined : temporaryDatabase()
  const database = example.database ?? temporary!.file
  const components = [XBoom, XBoard, ...(options.components ?? [])]
  const { app, reactor, todos, close } = await createApp({ secret: SECRET, logger, views, ...options, components }, { database })
  app.use(async (ctx, next) => (ctx.path === '/two' ? ctx.render('two.pug') : next()))
  app.use(async (ctx, next) => (ctx.path === '/board' ? ctx.render('board.pug', { topics: ctx.query.topics }) : next()))
  for (const route of example.routes ?? []) app.use(route as never)
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    warnings,
    reactor,
    todos,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
      await close()
      temporary?.remove()
    },
  }
}

export interface PageComponent {
  id: string
  name: string
  tok: string
}

/** GETs a page as a browser would; returns its HTML, the session cookie and the components in it. */
export async function getPage(url: string, cookie = ''): Promise<{ html: string; cookie: string; components: PageComponent[] }> {
  const res = await fetch(url, { headers: cookie ? { cookie } : {} })
  const html = await res.text()
  const set = res.headers.get('set-cookie')
  const components = [...html.matchAll(/id="([^"]+)" reactor-component="([^"]+)" state="([^"]+)"/g)].map(([, id, name, tok]) => ({ id, name, tok }))
  return { html, cookie: set ? set.split(';')[0] : cookie, components }
}

/** A WebSocket client that keeps every message it receives, to wait on. */
export class WireClient {
  readonly received: ServerMessage[] = []
  private waiters: Array<() => void> = []

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.received.push(JSON.parse(data.toString()))
      for (const wake of this.waiters.splice(0)) wake()
    })
  }

  static open(url: string, { cookie = '', origin, path = '/__reactor__' }: { cookie?: string; origin?: string; path?: string } = {}) {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + path, { headers: { cookie, ...(origin ? { origin } : {}) } })
    return new Promise<WireClient>((resolve, reject) => {
      ws.once('open', () => resolve(new WireClient(ws)))
      ws.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)))
      ws.once('error', reject)
    })
  }

  send(msg: object | string): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg))
  }

  /** The next message (after those already taken) that matches, waiting up to `ms`. */
  async next(match: (m: ServerMessage) => boolean = () => true, ms = 3000): Promise<ServerMessage> {
    const deadline = Date.now() + ms
    for (;;) {
      const index = this.received.findIndex(match)
      if (index >= 0) return this.received.splice(index, 1)[0]
      if (Date.now() > deadline) throw new Error(`no matching message within ${ms} ms; got ${JSON.stringify(this.received)}`)
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve)
        setTimeout(resolve, 50)
      })
    }
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN
  }

  close(): void {
    this.ws.close()
  }
}
