// Reconnect storms: a page whose socket dropped waits a random time within the reconnect window (an hour here,
// so it would not reconnect during the spec by itself), but reconnects at once when the browser is back online
// or the tab is shown again.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { clientSuite, goOffline } from '../support/client.js'
import { Proxy } from '../support/proxy.js'

describe('browser client: reconnecting within the window, and at once when it matters', function () {
  const suite = clientSuite({ reconnectWindowMs: 3_600_000 })
  let proxy: Proxy
  before(async () => {
    proxy = await Proxy.start(suite.node.url)
  })
  after(() => proxy.close())
  afterEach(() => proxy.restore())

  async function dropped(): Promise<Page> {
    const page = await suite.open('/c/x-client-slow', proxy.url)
    await page.waitForSelector('html.reactor-connected')
    expect(await page.$eval('script[data-url]', (s) => (s as HTMLScriptElement).dataset.reconnect)).to.equal('3600000')
    await goOffline(suite, proxy)
    proxy.restore() // the network is back, the page does not know it yet: its next try is within the hour
    return page
  }

  async function works(page: Page): Promise<void> {
    await page.waitForSelector('html.reactor-connected')
    await page.click('button.other')
    await page.waitForFunction(() => document.querySelector('.n')?.textContent === '1')
  }

  it('reconnects at once when a hidden tab is shown again (visibilitychange)', async () => {
    const page = await dropped()
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')))
    await works(page)
  })

  it('reconnects at once when the browser is back online', async () => {
    const page = await dropped()
    await page.evaluate(() => dispatchEvent(new Event('online')))
    await works(page)
  })
})
