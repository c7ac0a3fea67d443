// The example app: one Koa app with every example page. `make run` starts it.
import Router from '@koa/router'
import Koa from 'koa'
import { fileURLToPath } from 'node:url'
import { Reactor, type ReactorOptions } from '../src/index.js'
import { XCounter } from './components/counter.js'
import { liveExamples } from './live/index.js'
import { todoExample } from './todo/index.js'
import { TodoStore } from './todo/store.js'

export const examples = [
  { path: 'counter', title: 'Counter' },
  { path: 'todo', title: 'TodoMVC (live across tabs and nodes)' },
  { path: 'report', title: 'Report (lazy components, async data)' },
  { path: 'dashboard', title: 'Dashboard (polling)' },
  { path: 'menu', title: 'Menu and modal (client commands, flash)' },
]

export interface ExampleOptions {
  /** the SQLite file of the TodoMVC example; default TODO_DB, else example/data/todo.sqlite (git-ignored) */
  database?: string
}

export const DEFAULT_DATABASE = fileURLToPath(new URL('data/todo.sqlite', import.meta.url))

export function createApp(options: ReactorOptions = {}, { database = process.env.TODO_DB || DEFAULT_DATABASE }: ExampleOptions = {}) {
  const todos = new TodoStore(database)
  const todo = todoExample(todos)
  const reactor = new Reactor({
    views: fileURLToPath(new URL('views', import.meta.url)),
    transaction: todos.data.transaction,
    changes: todos.data,
    autoBroadcast: true,
    ...options,
    components: [XCounter, ...todo.components, ...liveExamples.components, ...(options.components ?? [])],
  })
  const router = new Router()
  router.get('/', (ctx) => ctx.render('index.pug', { title: 'koa-reactor examples', examples }))
  router.get('/counter', (ctx) => ctx.render('counter.pug', { title: 'Counter' }))
  todo.routes(router)
  liveExamples.routes(router)
  const app = reactor.attach(new Koa())
  // the layout's navigation lists every example
  app.use((ctx, next) => ((ctx.state.examples = examples), next()))
  app.use(router.routes())
  /** Stops the bus and closes the database (after the HTTP server is closed). */
  const close = async () => {
    await reactor.close()
    todos.close()
  }
  return { app, reactor, todos, close }
}
