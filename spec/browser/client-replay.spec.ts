// A component with replay protection, shown again by the back button from the browser's cache: its join is
// refused (an older state than one already used), the page loads itself again, and the new page works.
import { XOnce } from '../fixtures/replay.js'
import { waitForText } from '../support/browser.js'
import { clientSuite } from '../support/client.js'

describe('browser client: replay protection', function () {
  const suite = clientSuite({ components: [XOnce] })

  it('reloads a page the back button brought back with an older state as soon as it joins, and the new page works', async () => {
    const page = await suite.open('/c/x-once')
    await page.click('.inc')
    await waitForText(page, '.count', '1')
    await page.click('.inc')
    await waitForText(page, '.count', '2')
    await page.goto(`${suite.node.url}/c/x-counter`)
    suite.allowed.push(/^reactor: replayed:/)
    await page.goBack()
    // the join of the older state is refused (its presence and subscriptions are not restored): the page loads again
    await page.waitForFunction(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).type === 'reload')
    await page.waitForSelector('html.reactor-connected')
    await waitForText(page, '.count', '0')
    await page.click('.inc')
    await waitForText(page, '.count', '1')
  })
})
