// The example app as a node of a rolling deploy (spec/browser/rolling-deploy.spec.ts, bench/rolling-deploy.ts):
// DEPLOY_VERSION 1 or 2 chooses the x-deploy component's code and template, served at /deploy; the rest is the
// example app as `make cluster` runs it. RECONNECT_WINDOW_MS: the pages' reconnect window (default 5000).
import { fileURLToPath } from 'node:url'
import { serialKey } from '../../../example/data.js'
import { createApp } from '../../../example/app.js'
import { DeployV1, DeployV2, store } from './component.js'

const version = process.env.DEPLOY_VERSION === '2' ? 2 : 1
const folder = (name: string) => fileURLToPath(new URL(name, import.meta.url))
const { app, data, close } = await createApp({
  views: [folder(`views-v${version}`), folder('views'), fileURLToPath(new URL('../../../example/views', import.meta.url))],
  components: [version === 2 ? DeployV2 : DeployV1],
  reconnectWindowMs: Number(process.env.RECONNECT_WINDOW_MS ?? 5000),
})
store.data = data
await data.setup(() => data.exec(`CREATE TABLE IF NOT EXISTS deploy_click (id ${serialKey(data)}, cid TEXT NOT NULL)`))
app.use((ctx, next) => (ctx.path === '/deploy' ? ctx.render('deploy.pug', {}) : next()))
app.listen(Number(process.env.PORT), '127.0.0.1')
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void close().then(() => process.exit(0)))
