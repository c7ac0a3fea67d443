// Starts the example app on http://127.0.0.1:8000 (PORT and HOST override). With REDIS_URL set, broadcasts
// cross nodes over Redis. With DATABASE_URL set (postgres://...), the examples' data is in Postgres and its change
// feed updates the pages; else in SQLite, in the file TODO_DB names (default example/data/todo.sqlite).
import type { AddressInfo } from 'node:net'
import { createApp } from './app.js'

const port = Number(process.env.PORT ?? 8000)
const host = process.env.HOST ?? '127.0.0.1'
const { app, close } = await createApp()
const server = app.listen(port, host, () => {
  const { port } = server.address() as AddressInfo
  console.log(`koa-reactor examples on http://${host}:${port}/ (${process.env.REDIS_URL ? 'Redis' : 'in-memory'} bus, ${process.env.DATABASE_URL ? 'Postgres' : 'SQLite'})`)
})

// a deploy's SIGTERM (or Ctrl-C): the reactor shuts the node down without losing anything (no new sockets or
// requests, the running events answered, the pages told to reconnect elsewhere), then the databases close
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void close().then(() => process.exit(0)))
