// A component with replay protection, shown again by the back button from the browser's cache: its first
// click is refused (an older state than one already used), the page loads itself again, and the new page works.
import { expect } from 'chai'
import { XOnce } from '../fixtures/replay.js'
import { waitForText } from '../support/browser.js'
import { clientSuite } from '../support/client.js'

describe('browser client: replay protection', function () {
  const suite = clientSuite({ components: [XOnce] })

  it('reloads a page the back button brought back with an older state, and the new page works', async () => {
    const page = await suite.open('/c/x-once')
    await page.click('.inc')
    await waitForText(page, '.count', '1')
    await page.click('.inc')
    await waitForText(page, '.count', '2')
    await page.goto(`${suite.node.url}/c/x-counter`)
    await page.goBack()
    const restored = (await page.getAttribute('[reactor-component]', 'state'))!
    expect(JSON.parse(Buffer.from(restored.split('.')[1], 'base64url').toString()).seq, 'the cached page holds the first state').to.equal(undefined)
    suite.allowed.push(/^reactor: replayed:/)
    await Promise.all([page.waitForEvent('load'), page.click('.inc')])
    await waitForText(page, '.count', '0')
    await page.click('.inc')
    await waitForText(page, '.count', '1')
  })
})
