// The example app: one Koa app with every example page. `make run` starts it.
import Router from '@koa/router'
import Koa from 'koa'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { appliedTable, DirectoryStore, Reactor, type ComponentClass, type ReactorOptions } from 'koa-reactor'
import { XCounter } from './components/counter.js'
import { PostgresExampleData, SqliteExampleData } from './data.js'
import { openDatabase, openPostgres } from './database.js'
import { SqliteData } from './sqlite.js'
import { liveExamples } from './live/index.js'
import { mixerExample } from './mixer/index.js'
import { notesExample } from './notes/index.js'
import { searchExample } from './search/index.js'
import { signupExample } from './signup/index.js'
import { todoExample } from './todo/index.js'
import { TodoStore } from './todo/store.js'
import { chatExample } from './chat/index.js'
import { ChatStore } from './chat/store.js'
import { dirname, join } from 'node:path'

/** The showcase on the index page: each example, and what it shows. */
export const examples = [
  { path: 'counter', title: 'Counter', shows: 'The smallest component: its count lives in a signed token on the page, and each click is a 48-byte message.' },
  { path: 'todo', title: 'TodoMVC', shows: 'The classic app with nested components and auto-broadcast: open it in two tabs (or on two nodes) and edit in one.' },
  { path: 'search', title: 'Live search', shows: 'A few hundred time zones in SQLite, searched as you type with a debounced event and answered with a diff.' },
  { path: 'signup', title: 'Sign-up form', shows: 'Server-side validation shown inline as you fill it in, and a submit button that says what it is doing.' },
  { path: 'mixer', title: 'Nested components', shows: 'Three children that tell their parent when they change, and a parent that sends them new values.' },
  { path: 'notes', title: 'Private notes', shows: 'A login-protected AuthComponent behind a real cookie session, with a login form.' },
  { path: 'report', title: 'Report', shows: 'Two slow reports placed lazily: the page paints their placeholders, then both arrive in one round trip and load their figures as async data.' },
  { path: 'dashboard', title: 'Dashboard', shows: 'Polls the server every 2 s, ten times slower in a background tab, and pauses while the connection is down.' },
  { path: 'menu', title: 'Menu and modal', shows: 'Client commands open and close them with no round trip; Save goes to the server, which flashes a message and closes the modal.' },
  { path: 'chat', title: 'Chat', shows: 'Rooms across nodes: a message stream from SQLite that loads older messages on scroll, who is here and typing (presence), image uploads with progress, unread counts.' },
  { path: 'admin/dashboard', title: 'Live dashboard', shows: 'This node and every node of the cluster, live: sockets, events per second, p50/p99 event time, errors by code, the slowest handlers. Log in at Private notes first.' },
]

export interface ExampleOptions {
  /** the examples' Postgres database (postgres://...), instead of SQLite; default DATABASE_URL */
  postgres?: string
  /** the examples' SQLite file; default TODO_DB, else example/data/todo.sqlite (git-ignored) */
  database?: string
  /** the chat's SQLite file; default CHAT_DB, else chat.sqlite beside the TodoMVC database (its images beside it) */
  chatDatabase?: string
}

export const DEFAULT_DATABASE = fileURLToPath(new URL('data/todo.sqlite', import.meta.url))
const STYLESHEET = readFileSync(new URL('views/examples.css', import.meta.url))

/** The app, once its tables exist (and, on Postgres, the change feed listens). */
export async function createApp(options: ReactorOptions = {}, { postgres = process.env.DATABASE_URL || undefined, database = process.env.TODO_DB || DEFAULT_DATABASE, chatDatabase }: ExampleOptions = {}) {
  const data = postgres ? openPostgres(postgres) : openDatabase(database)
  const todos = new TodoStore(data)
  await todos.setup()
  const todo = todoExample(todos)
  const notes = await notesExample(data)
  const others: Array<{ components: ComponentClass[]; routes(router: Router): void }> = [await searchExample(data), await signupExample(data), mixerExample(), notes, liveExamples]
  // on SQLite the chat has a file of its own (its images beside it); on Postgres, tables beside the others
  const chatFile = chatDatabase ?? (process.env.CHAT_DB || join(dirname(database), 'chat.sqlite'))
  const chats = new ChatStore(postgres ? data : new SqliteExampleData(new SqliteData(chatFile, {})))
  await chats.setup()
  const chat = chatExample(chats, process.env.CHAT_IMAGES || join(dirname(chatFile), 'chat-images'))
  // each applied event is recorded with the handler's writes: one re-sent after its node died is not run twice
  const applied = appliedTable({ query: (sql, params) => (sql.startsWith('SELECT') ? data.all(sql, params) : data.run(sql, params)) })
  await data.setup(() => applied.setup())
  if (data instanceof PostgresExampleData) await data.feed.listening
  const reactor = new Reactor({
    views: fileURLToPath(new URL('views', import.meta.url)),
    transaction: data.transaction,
    applied,
    changes: data.changes,
    autoBroadcast: true,
    // UPLOADS_DIR: a folder the nodes share, so that an interrupted upload resumes on another node
    ...(process.env.UPLOADS_DIR ? { uploads: new DirectoryStore(process.env.UPLOADS_DIR, true) } : {}),
    user: async (ctx) => (await notes.user(ctx)) ?? ctx.state.user,
    ...options,
    components: [XCounter, ...todo.components, ...others.flatMap((e) => e.components), ...chat.components, ...(options.components ?? [])],
  })
  const router = new Router()
  router.get('/', (ctx) => ctx.render('index.pug', { title: 'koa-reactor examples', examples }))
  router.get('/examples.css', (ctx) => {
    ctx.type = 'text/css'
    ctx.body = STYLESHEET
  })
  router.get('/counter', (ctx) => ctx.render('counter.pug', { title: 'Counter' }))
  todo.routes(router)
  for (const example of others) example.routes(router)
  chat.routes(router)
  // the live dashboard, behind the app's own auth: here, the people of the notes example (log in at /notes/login);
  // `allowed` checks them again before each refresh over the socket. NODE_NAME names the node (`make cluster`).
  const dashboard = reactor.dashboard({ allowed: (user) => user != null, node: process.env.NODE_NAME || undefined })
  router.get('/admin/dashboard', async (ctx, next) => ((await notes.user(ctx)) ? next() : ctx.redirect('/notes/login?next=/admin/dashboard')), dashboard)
  const app = reactor.attach(new Koa())
  // the layout's navigation lists every example
  app.use((ctx, next) => ((ctx.state.examples = examples), next()))
  app.use(router.routes())
  /** Stops the bus and closes the database (after the HTTP server is closed). */
  const close = async () => {
    await reactor.close()
    await todos.close()
    if (chats.data !== data) await chats.close()
  }
  return { app, reactor, todos, chats, data, close }
}
