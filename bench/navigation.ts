// Live navigation against a full page load of the same page (/counter -> /menu), in the same run: the time from
// the click (or `goto`) until the new page's components have joined the socket (the page is interactive). The example app
// runs in this process on a temporary database; Chromium is Debian's.
import { createApp } from '../example/app.js'
import { launch } from '../spec/support/browser.js'
import { temporaryDatabase } from '../spec/support/server.js'
import type { AddressInfo } from 'node:net'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30)
const database = temporaryDatabase()
const { app, close } = await createApp({ secret: 'bench-secret-please-change-me-0123456789', logger: { warn() {}, error() {} } }, { database: database.file })
const server = app.listen(0, '127.0.0.1')
await new Promise((resolve) => server.once('listening', resolve))
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
const browser = await launch()
const page = await browser.newPage()

/** Resolves at the next join the page sends, on any of its sockets. */
let joined: () => void = () => {}
page.on('websocket', (ws) => ws.on('framesent', (f) => String(f.payload).startsWith('{"t":"join"') && joined()))
const nextJoin = () => new Promise<void>((resolve) => (joined = resolve))

async function timed(go: () => Promise<unknown>): Promise<number> {
  const join = nextJoin()
  const start = performance.now()
  await go()
  await join
  return performance.now() - start
}

const live: number[] = []
const full: number[] = []
for (let i = 0; i < ROUNDS + 3; i++) {
  await timed(() => page.goto(`${url}/counter`))
  // the link's own click (not Playwright's, which first scrolls and checks the element)
  const nav = await timed(() => page.evaluate(() => document.querySelector<HTMLElement>('nav.top a[href="/menu"]')!.click()))
  const load = await timed(() => page.goto(`${url}/menu`))
  // the first rounds warm the server's templates and the browser's cache
  if (i >= 3) (full.push(load), live.push(nav))
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]
const ms = (x: number) => Math.round(x * 10) / 10
console.log(
  JSON.stringify({
    navigation_rounds: ROUNDS,
    navigation_live_ms_median: ms(quantile(live, 0.5)),
    navigation_live_ms_p90: ms(quantile(live, 0.9)),
    navigation_full_load_ms_median: ms(quantile(full, 0.5)),
    navigation_full_load_ms_p90: ms(quantile(full, 0.9)),
    navigation_live_over_full: ms(quantile(live, 0.5) / quantile(full, 0.5)),
  }),
)
await browser.close()
server.closeAllConnections()
server.close()
await close()
database.remove()
