// Starts the example app on http://127.0.0.1:8000 (PORT and HOST override).
import { createApp } from './app.js'

const port = Number(process.env.PORT ?? 8000)
const host = process.env.HOST ?? '127.0.0.1'
const { app } = createApp()
const server = app.listen(port, host, () => console.log(`koa-reactor examples on http://${host}:${port}/`))
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.closeAllConnections()
    server.close(() => process.exit(0))
  })
}
