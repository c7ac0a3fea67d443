// The live dashboard in Chromium: a page of koa-reactor components that polls, so what another page does shows
// on it without a reload.
import { expect } from 'chai'
import { useChromium } from '../support/chromium.js'
import { waitForText } from '../support/browser.js'
import { openDashboard } from '../support/dashboard.js'
import { startExample, type Running } from '../support/server.js'

describe('browser: the live dashboard', function () {
  const chromium = useChromium()
  let node: Running
  before(async () => {
    node = await startExample()
  })
  after(() => node.close())

  it('shows the clicks of another page on the counter as they happen, without a reload', async () => {
    const dashboard = await openDashboard(chromium.open, node.url)
    await waitForText(dashboard, 'tr.rx-self .rx-events', '0')
    await dashboard.evaluate(() => ((window as unknown as { kept: boolean }).kept = true))
    const counter = await chromium.open(`${node.url}/counter`)
    // the counter's socket: one more socket and component on the node
    await waitForText(dashboard, 'tr.rx-self .rx-sockets', '2')
    for (const count of ['1', '2', '3']) {
      await counter.click('.inc')
      await waitForText(counter, '.count', count)
    }
    await waitForText(dashboard, 'tr.rx-self .rx-events', '3')
    await waitForText(dashboard, '[reactor-component=reactor-dashboard] [data-handler="x-counter.inc"] td:nth-child(2)', '3')
    expect(await dashboard.textContent('tr.rx-self .rx-p50')).to.match(/^[\d.]+ m?s$/)
    expect(await dashboard.evaluate(() => (window as unknown as { kept?: boolean }).kept), 'the same page: no reload').to.equal(true)
    await counter.close()
    await waitForText(dashboard, 'tr.rx-self .rx-sockets', '1')
    await dashboard.close()
  })
})
