// Polling, on the page's own clock (Playwright's, so ticks are counted, not timed): every interval while the
// socket is open, one in ten in a hidden tab, `.visible` only on screen, and no more once the component left.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { clientSuite } from '../support/client.js'
import { Proxy } from '../support/proxy.js'
import { until } from '../support/until.js'

const START = Date.parse('2026-01-01T00:00:00Z')

type Sent = { t: string; n?: string; r?: 1; a?: { which?: string } }

describe('browser client: polling', function () {
  const suite = clientSuite()
  let sent: Sent[]
  let proxy: Proxy
  before(async () => {
    proxy = await Proxy.start(suite.node.url)
  })
  after(() => proxy.close())
  afterEach(() => proxy.restore())

  /** Opens the page on a clock the spec moves; `hidden`: the tab is in the background. */
  async function open(hidden = false): Promise<Page> {
    sent = []
    const page = await suite.open('/c/x-client-poll', proxy.url, async (p) => {
      p.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(JSON.parse(String(f.payload)))))
      // the clock stands still until the spec moves it
      await p.clock.install({ time: START })
      await p.clock.pauseAt(START + 1000)
      // headless Chromium keeps every tab visible: the page is told it is hidden, as a background tab is
      if (hidden) await p.addInitScript({ content: "Object.defineProperty(document, 'hidden', { get: () => true })" })
    })
    await page.waitForSelector('html.reactor-connected')
    return page
  }

  /** The events sent for `handler` so far: a marker event sent last says every earlier frame was seen. */
  async function sentFor(page: Page, handler: string): Promise<number> {
    const markers = sent.filter((m) => m.a?.which === 'marker').length
    await page.click('.marker')
    await until(() => sent.filter((m) => m.a?.which === 'marker').length > markers, 'the marker event')
    return sent.filter((m) => m.t === 'ev' && m.n === handler && m.a?.which !== 'marker').length
  }

  it('sends the handler once per interval while the page is shown, and not the .visible poll below the fold', async () => {
    const page = await open()
    await page.clock.runFor(10_000)
    expect(await sentFor(page, 'bump')).to.equal(10)
    expect(await sentFor(page, 'echo')).to.equal(0)
  })

  it('polls one tick in ten in a hidden tab', async () => {
    const page = await open(true)
    await page.clock.runFor(10_000)
    expect(await sentFor(page, 'bump')).to.equal(1)
  })

  it('polls a .visible element once it is scrolled into view', async () => {
    const page = await open()
    await page.locator('.below').scrollIntoViewIfNeeded()
    // an observer of the spec's own, made after the client's, reports it on screen: the client's has been told too
    await page.evaluate(
      () => new Promise((seen) => new IntersectionObserver(([e], o) => e.isIntersecting && (o.disconnect(), seen(0))).observe(document.querySelector('.below')!)),
    )
    await page.clock.runFor(2_000)
    expect(await sentFor(page, 'echo')).to.equal(4)
  })

  it('stops when the component leaves the page', async () => {
    const page = await open()
    await page.clock.runFor(2_000)
    expect(await sentFor(page, 'bump')).to.equal(2)
    await page.evaluate(() => {
      const root = document.querySelector('[reactor-component]')!
      // the marker stays in the page (outside the component) so the spec can still count
      document.body.append(root.querySelector('.marker')!)
      root.remove()
    })
    await page.clock.runFor(5_000)
    expect(sent.filter((m) => m.t === 'ev' && m.n === 'bump').length).to.equal(2)
  })

  it('pauses while the socket is down: no tick waits in the outbox to be sent on the reconnect', async () => {
    const page = await open()
    suite.allowed.push(/^WebSocket connection to .* failed/)
    proxy.cut()
    await page.waitForSelector('html.reactor-disconnected')
    await page.clock.runFor(5_000)
    proxy.restore()
    // the reconnect's timer runs; the clock stands still from the moment the socket is open
    while (!(await page.$('html.reactor-connected'))) await page.clock.runFor(100)
    await sentFor(page, 'bump')
    // a tick kept while the socket was down would be re-sent from the outbox on the reconnect (r: 1)
    expect(sent.filter((m) => m.n === 'bump' && m.r === 1)).to.deep.equal([])
  })
})
