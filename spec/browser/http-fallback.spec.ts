// The fallback in real Chromium pages, one node in development behind a proxy: a refused WebSocket makes the
// page go on over HTTP by itself, and the overlay says why; a proxy that buffers the stream makes it long-poll;
// and once WebSockets get through again, the page moves back to one (the server ends HTTP streams after the
// fallback option's retryMs: the page reconnects, trying the WebSocket first).
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { waitForText } from '../support/browser.js'
import { useChromium } from '../support/chromium.js'
import { Proxy } from '../support/proxy.js'
import { startExample, type Running } from '../support/server.js'

describe('browser: the fallback from the WebSocket to HTTP', function () {
  const chromium = useChromium()
  let node: Running
  let proxy: Proxy
  /** a node that ends HTTP streams after 2 s (the fallback option's retryMs), and a proxy in front of it */
  let retrying: Running
  let retryProxy: Proxy
  const pages: Page[] = []

  async function open(through = proxy): Promise<Page> {
    chromium.allow(/WebSocket connection to .* failed/)
    const page = await chromium.open(`${through.url}/counter`)
    pages.push(page)
    return page
  }

  async function counts(page: Page): Promise<void> {
    await page.click('.inc')
    await waitForText(page, '.count', '1')
    await page.click('.inc')
    await waitForText(page, '.count', '2')
  }

  before(async () => {
    node = await startExample({ fallback: { afterTries: 2, afterMs: 5000 } })
    proxy = await Proxy.start(node.url)
    retrying = await startExample({ fallback: { retryMs: 2000 } })
    retryProxy = await Proxy.start(retrying.url)
  })
  after(async () => {
    await proxy.close()
    await node.close()
    await retryProxy.close()
    await retrying.close()
  })
  afterEach(async () => {
    proxy.restore()
    retryProxy.restore()
    for (const page of pages.splice(0)) await page.close()
  })

  it('goes on over HTTP when the WebSocket is refused, and the overlay says why', async () => {
    proxy.refuseWebSockets()
    const page = await open()
    await page.waitForSelector('html.reactor-http.reactor-connected', { timeout: 15_000 })
    await counts(page)
    const overlay = await page.textContent('[reactor-overlay]')
    expect(overlay).to.include('transport-fallback')
    expect(overlay).to.match(/the WebSocket did not open 2 times .*: the page goes on over HTTP/)
  })

  it('long-polls where a proxy buffers the stream', async () => {
    proxy.refuseWebSockets()
    proxy.bufferStreams()
    const page = await open()
    const polls: string[] = []
    page.on('request', async (req) => req.method() === 'GET' && new URL(req.url()).pathname === '/__reactor__' && polls.push((await req.allHeaders())['last-event-id'] ?? ''))
    await page.waitForSelector('html.reactor-http.reactor-connected', { timeout: 20_000 })
    await counts(page)
    // the stream's ticket came only when the stream ended; the EventSource asked again with it, poll after poll
    expect(polls.filter(Boolean).length).to.be.above(1)
  })

  it('moves back to the WebSocket once it gets through', async () => {
    retryProxy.refuseWebSockets()
    const page = await open(retryProxy)
    /** frames the page received on a WebSocket */
    let frames = 0
    page.on('websocket', (ws) => ws.on('framereceived', () => frames++))
    await page.waitForSelector('html.reactor-http.reactor-connected', { timeout: 15_000 })
    retryProxy.restore()
    await page.waitForSelector('html.reactor-connected:not(.reactor-http)', { timeout: 15_000 })
    await counts(page)
    // the clicks' answers came on the WebSocket
    expect(frames).to.be.above(1)
  })
})
