// <script> elements that a render inserts run once (seed issue #15), also under a strict
// Content-Security-Policy (script-src 'nonce-...': no eval, no inline code without the nonce).
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { waitForText } from '../support/browser.js'
import { clientSuite, takeEvents } from '../support/client.js'

describe('browser client: scripts in renders, and a strict CSP', function () {
  const suite = clientSuite()

  async function bumpTwice(page: Page): Promise<void> {
    await page.click('.bump')
    await waitForText(page, '#out', 'script ran 1 time(s)')
    await page.click('.bump')
    await waitForText(page, '.n', '2')
  }

  it('runs a script a render inserts, once, however many renders follow', async () => {
    const page = await suite.open('/c/x-client-scripts')
    await bumpTwice(page)
    expect(await page.textContent('#out')).to.equal('script ran 1 time(s)')
  })

  describe('under script-src with a nonce', () => {
    it('is a real policy: the page may not eval, and a script without the nonce does not run', async () => {
      const page = await suite.open('/csp/x-client-scripts')
      expect(await page.evaluate(() => (window as unknown as { evalAllowed: unknown }).evalAllowed)).to.equal('EvalError')
      const ran = await page.evaluate(() => {
        const script = document.createElement('script')
        script.textContent = 'window.inlineRan = true'
        document.head.append(script)
        return (window as unknown as { inlineRan?: boolean }).inlineRan ?? false
      })
      expect(ran).to.equal(false)
      expect(suite.errors.splice(0).join()).to.contain('Content Security Policy')
    })

    it('runs the inserted script with the nonce of the client script', async () => {
      const page = await suite.open('/csp/x-client-scripts')
      await bumpTwice(page)
      expect(await page.textContent('#out')).to.equal('script ran 1 time(s)')
    })

    it('works without eval: bindings with arguments, renders, and the hooks as DOM events', async () => {
      const page = await suite.open('/csp/x-counter')
      const root = await page.getAttribute('[reactor-component]', 'id')
      expect(await takeEvents(page)).to.include(`init ${root}`)
      await page.click('.inc')
      await waitForText(page, '.count', '1')
      await page.click('.reset')
      await waitForText(page, '.count', '0')
      expect(await takeEvents(page)).to.include(`updated ${root}`)
    })
  })
})
