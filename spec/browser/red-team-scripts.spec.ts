// Red team in the browser: HTML a visitor got into a page (an app that shows text with `!=`) under a strict
// Content-Security-Policy. A `<script>` the policy blocks on the first load stays blocked when it arrives in a
// render or a live navigation; the scripts the server wrote (its templates') run. And `set_attr` from a
// page's commands never sets script.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { hostilePages, XHostile } from '../fixtures/hostile.js'
import { waitForText } from '../support/browser.js'
import { clientSuite } from '../support/client.js'

const INJECTED = '<script>window.injected = (window.injected || 0) + 1</script><b class="shown">html</b>'
type Counts = { injected?: number; own?: number; layout?: number }
const counts = (page: Page) => page.evaluate(() => ({ injected: (window as Counts).injected, own: (window as Counts).own, layout: (window as Counts).layout }))

describe('browser red team: scripts under a strict CSP', function () {
  const suite = clientSuite({ components: [XHostile] }, [hostilePages])

  async function open(path: string): Promise<Page> {
    const page = await suite.open(path)
    await page.waitForSelector('html.reactor-connected')
    return page
  }

  it('blocks an injected script on the first load (the policy does) and runs the page\'s own', async () => {
    suite.allowed.push(/Content Security Policy/)
    const page = await open(`/hostile?csp=1&raw=${encodeURIComponent(INJECTED)}`)
    expect(await counts(page)).to.deep.equal({ injected: undefined, own: 1, layout: 1 })
  })

  it('does not run a script injected into a render; runs the one the template wrote', async () => {
    suite.allowed.push(/a script without the page nonce was not run/)
    const page = await open('/hostile?csp=1')
    await page.evaluate((html) => (window as unknown as { reactor: { send(el: Element, n: string, a: object): void } }).reactor.send(document.querySelector('.target')!, 'inject', { html }), INJECTED)
    await page.waitForSelector('.raw .shown')
    await page.waitForFunction(() => (window as Counts).own === 1)
    expect(await counts(page)).to.deep.equal({ injected: undefined, own: 1, layout: 1 })
  })

  it('does not run a script injected into a page reached by live navigation; runs the page\'s own', async () => {
    suite.allowed.push(/a script without the page nonce was not run/)
    const page = await open('/hostile?csp=1')
    await page.evaluate((url) => (window as unknown as { reactor: { navigate(url: string): Promise<void> } }).reactor.navigate(url), `/hostile?csp=1&raw=${encodeURIComponent(INJECTED)}`)
    await page.waitForSelector('.raw .shown')
    await page.waitForFunction(() => (window as Counts).own === 1 && (window as Counts).layout === 2)
    expect(await counts(page)).to.deep.equal({ injected: undefined, own: 1, layout: 2 })
  })

  it('refuses set_attr of an event handler from a binding, saying so', async () => {
    suite.allowed.push(/set_attr refused onclick/)
    const page = await open('/hostile')
    await page.click('.js-attr')
    await page.click('.target')
    expect(await page.getAttribute('.target', 'onclick')).to.equal(null)
    expect(await page.evaluate(() => (window as unknown as { clicked?: number }).clicked)).to.equal(undefined)
    expect(suite.errors.join()).to.match(/set_attr refused onclick/)
  })
})
