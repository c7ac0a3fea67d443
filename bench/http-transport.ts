// The HTTP transport (issue 25): real clicks in headless Chromium on the counter over the WebSocket, over the
// HTTP transport (transport: 'http': POSTs up, Server-Sent Events down), and the no-framework WebSocket counter
// (the floor), alternated click by click in the same run; click→DOM for each, and the bytes per click up and
// down over HTTP as Chromium saw them (CDP): the POST's body, its request line (with the ticket) and headers up; the event's data and
// the POST's answer (its status line and headers) down. Prints JSON.
//
//   node --import tsx bench/http-transport.ts [clicks=60]
import type { Browser, CDPSession, Page } from 'playwright-core'
import { loadavg } from 'node:os'
import { launch } from '../spec/support/browser.js'
import { Probe, type Timing } from './lib/probe.js'
import { serveCounter } from './lib/serve.js'
import { median, round, summary } from './lib/stats.js'
import { startWsCounter } from './lib/ws-counter.js'

const CLICKS = Number(process.argv[2] ?? 60)
const WARM_UP = 10

/** What crossed the HTTP transport while a click was timed. */
class HttpBytes {
  up = { body: 0, line: 0, headers: 0, requests: 0 }
  down = { events: 0, headers: 0 }

  constructor(cdp: CDPSession) {
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.request.method !== 'POST' || new URL(e.request.url).pathname !== '/__reactor__') return
      this.up.requests++
      this.up.body += Buffer.byteLength(e.request.postData ?? '')
      // the request line: its URL carries the stream's ticket
      const url = new URL(e.request.url)
      this.up.line += Buffer.byteLength(`POST ${url.pathname}${url.search} HTTP/1.1\r\n`)
    })
    cdp.on('Network.requestWillBeSentExtraInfo', (e) => {
      if (!e.headers['Content-Type'] && !e.headers['content-type']) return // the stream's GET: once, not per click
      this.up.headers += Object.entries(e.headers).reduce((sum, [k, v]) => sum + k.length + String(v).length + 4, 0)
    })
    cdp.on('Network.responseReceivedExtraInfo', (e) => e.statusCode === 204 && (this.down.headers += Buffer.byteLength(e.headersText ?? '')))
    cdp.on('Network.eventSourceMessageReceived', (e) => (this.down.events += Buffer.byteLength(`data: ${e.data}\n\n`)))
  }

  take() {
    const taken = { up: this.up, down: this.down }
    this.up = { body: 0, line: 0, headers: 0, requests: 0 }
    this.down = { events: 0, headers: 0 }
    return taken
  }
}

async function pageOf(browser: Browser, url: string): Promise<{ probe: Probe; cdp: CDPSession }> {
  const context = await browser.newContext({ bypassCSP: true })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('page error:', e))
  const probe = await Probe.open(page, url)
  await page.waitForFunction(() => document.documentElement.classList.contains('reactor-connected') || !!document.querySelector('#floor'))
  await page.waitForFunction(() => performance.now() > 300)
  return { probe, cdp: await context.newCDPSession(page) }
}

async function clicker(page: Page, selector: string): Promise<() => Promise<void>> {
  return async () => {
    const box = (await page.locator(selector).boundingBox())!
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
  }
}

const browser = await launch()
const ws = await serveCounter()
const http = await serveCounter({ transport: 'http' })
const floor = await startWsCounter()
const load = loadavg()
try {
  const sides = {
    websocket: { ...(await pageOf(browser, ws.url)), selector: '[reactor-component] .count' },
    http: { ...(await pageOf(browser, http.url)), selector: '[reactor-component] .count' },
    floor: { ...(await pageOf(browser, floor.url)), selector: '#floor .count' },
  }
  if (!(await sides.http.probe.page.evaluate(() => document.documentElement.classList.contains('reactor-http')))) throw new Error('the HTTP side is not on the HTTP transport')
  await sides.http.cdp.send('Network.enable')
  const bytes = new HttpBytes(sides.http.cdp)
  const timings = { websocket: [] as Timing[], http: [] as Timing[], floor: [] as Timing[] }
  const perClick: Array<ReturnType<HttpBytes['take']>> = []
  const clicks = Object.fromEntries(await Promise.all(Object.entries(sides).map(async ([name, side]) => [name, await clicker(side.probe.page, side.selector.replace('.count', '.inc'))])))
  for (let i = 1; i <= WARM_UP + CLICKS; i++) {
    for (const [name, side] of Object.entries(sides) as Array<[keyof typeof sides, (typeof sides)['http']]>) {
      if (name === 'http') bytes.take()
      const t = await side.probe.time(clicks[name], `document.querySelector(${JSON.stringify(side.selector)}).textContent === '${i}'`)
      if (i <= WARM_UP) continue
      timings[name].push(t)
      if (name === 'http') perClick.push(bytes.take())
    }
  }
  const clickToDom = (name: keyof typeof timings) => summary(timings[name].map((t) => t.total))
  const result = {
    clicks: CLICKS,
    loadAverage: load.map((l) => round(l)),
    clickToDomMs: { websocket: clickToDom('websocket'), http: clickToDom('http'), floor: clickToDom('floor') },
    ratioToFloorP50: {
      websocket: round(clickToDom('websocket').p50 / clickToDom('floor').p50),
      http: round(clickToDom('http').p50 / clickToDom('floor').p50),
    },
    bytesPerClick: {
      websocket: { up: median(timings.websocket.map((t) => t.bytesUp)), down: median(timings.websocket.map((t) => t.bytesDown)) },
      http: {
        upBody: median(perClick.map((c) => c.up.body)),
        upRequestLine: median(perClick.map((c) => c.up.line)),
        upHeaders: median(perClick.map((c) => c.up.headers)),
        requests: median(perClick.map((c) => c.up.requests)),
        downEvents: median(perClick.map((c) => c.down.events)),
        downHeaders: median(perClick.map((c) => c.down.headers)),
      },
    },
  }
  console.log(JSON.stringify({ httpTransport: result }, null, 2))
} finally {
  await browser.close()
  await ws.close()
  await http.close()
  await floor.close()
}
