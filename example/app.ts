// The example app: one Koa app with every example page. `make run` starts it.
import Router from '@koa/router'
import Koa from 'koa'
import { fileURLToPath } from 'node:url'
import { DirectoryStore, Reactor, type ReactorOptions } from '../src/index.js'
import { XCounter } from './components/counter.js'
import { todoExample } from './todo/index.js'
import { TodoStore } from './todo/store.js'
import { chatExample } from './chat/index.js'
import { ChatStore } from './chat/store.js'
import { dirname, join } from 'node:path'

export const examples = [
  { path: 'counter', title: 'Counter' },
  { path: 'todo', title: 'TodoMVC (live across tabs and nodes)' },
  { path: 'chat', title: 'Chat (streams, presence, uploads; across nodes)' },
]

export interface ExampleOptions {
  /** the SQLite file of the TodoMVC example; default TODO_DB, else example/data/todo.sqlite (git-ignored) */
  database?: string
  /** the chat's SQLite file; default CHAT_DB, else chat.sqlite beside the TodoMVC database (its images beside it) */
  chatDatabase?: string
}

export const DEFAULT_DATABASE = fileURLToPath(new URL('data/todo.sqlite', import.meta.url))

export function createApp(options: ReactorOptions = {}, { database = process.env.TODO_DB || DEFAULT_DATABASE, chatDatabase }: ExampleOptions = {}) {
  const todos = new TodoStore(database)
  const todo = todoExample(todos)
  const chatFile = chatDatabase ?? (process.env.CHAT_DB || join(dirname(database), 'chat.sqlite'))
  const chats = new ChatStore(chatFile)
  const chat = chatExample(chats, join(dirname(chatFile), 'chat-images'))
  const reactor = new Reactor({
    views: fileURLToPath(new URL('views', import.meta.url)),
    transaction: todos.data.transaction,
    changes: todos.data,
    autoBroadcast: true,
    // UPLOADS_DIR: a folder the nodes share, so that an interrupted upload resumes on another node
    ...(process.env.UPLOADS_DIR ? { uploads: new DirectoryStore(process.env.UPLOADS_DIR, true) } : {}),
    ...options,
    components: [XCounter, ...todo.components, ...chat.components, ...(options.components ?? [])],
  })
  const router = new Router()
  router.get('/', (ctx) => ctx.render('index.pug', { title: 'koa-reactor examples', examples }))
  router.get('/counter', (ctx) => ctx.render('counter.pug', { title: 'Counter' }))
  todo.routes(router)
  chat.routes(router)
  const app = reactor.attach(new Koa())
  app.use(router.routes())
  /** Stops the bus and closes the database (after the HTTP server is closed). */
  const close = async () => {
    await reactor.close()
    todos.close()
    chats.close()
  }
  return { app, reactor, todos, chats, close }
}
