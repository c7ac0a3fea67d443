// Flash messages: shown by the layout's flash(), at once from a handler, on the next page after a visit or a
// redirect (exactly once), dismissable, and never from a cookie the browser made up.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { flashPages, XFlasher } from '../fixtures/flash.js'
import { waitForText } from '../support/browser.js'
import { clientSuite } from '../support/client.js'

const messages = (page: Page) => page.$$eval('[reactor-flash] p', (ps) => ps.map((p) => `${p.className}: ${p.firstChild!.textContent}`))

describe('browser client: flash messages', function () {
  const suite = clientSuite({ components: [XFlasher] }, [flashPages])

  async function open(path: string): Promise<Page> {
    const page = await suite.open(path)
    await page.waitForSelector('html.reactor-connected')
    return page
  }

  for (const kind of ['flash', 'flash-csp']) {
    it(`shows a handler's messages at once, escaped, each dismissed by its button (${kind})`, async () => {
      const page = await open(`/${kind}/a`)
      expect(await messages(page)).to.deep.equal([])
      await page.click('.two')
      await page.waitForSelector('[reactor-flash] p')
      expect(await messages(page)).to.deep.equal(['flash flash-info: one <b>', 'flash flash-warning: two'])
      await page.click('[reactor-flash] .flash-warning button')
      expect(await messages(page)).to.deep.equal(['flash flash-info: one <b>'])
    })
  }

  it('carries the messages of a handler that visits to the next page, once', async () => {
    const page = await open('/flash/a')
    await page.click('.save-visit')
    await waitForText(page, '.name', 'b')
    expect(await messages(page)).to.deep.equal(['flash flash-info: Saved, then visited'])
    await page.reload()
    expect(await messages(page), 'gone after the page that showed it').to.deep.equal([])
  })

  it('carries the messages of a handler that redirects to the loaded page, once', async () => {
    const page = await open('/flash/a')
    await page.click('.save-redirect')
    await page.waitForURL('**/flash/b')
    await waitForText(page, '.name', 'b')
    expect(await messages(page)).to.deep.equal(['flash flash-info: Saved, then redirected'])
    await page.click('.to-a')
    await waitForText(page, '.name', 'a')
    expect(await messages(page)).to.deep.equal([])
  })

  it('shows what a component flashes while the page renders, and carries it across an HTTP redirect, once', async () => {
    const page = await open('/flash/a?say=Welcome')
    expect(await messages(page)).to.deep.equal(['flash flash-info: Welcome'])
    await page.goto(`${suite.node.url}/flash-moved`)
    expect(new URL(page.url()).pathname).to.equal('/flash/b')
    expect(await messages(page)).to.deep.equal(['flash flash-info: Moved here'])
    await page.reload()
    expect(await messages(page)).to.deep.equal([])
  })

  it('shows nothing for a flash cookie the browser made or altered', async () => {
    const page = await open('/flash/a')
    await page.click('.save-visit')
    await waitForText(page, '.name', 'b')
    for (const forged of ['made-up', 'eyJhbGciOiJIUzI1NiJ9.eyJzdCI6eyJtIjpbWyJpbmZvIiwiZm9yZ2VkIl1dfX0.c2ln']) {
      await page.evaluate((f) => (document.cookie = `rx_flash=${f};path=/`), forged)
      await page.reload()
      expect(await messages(page), forged).to.deep.equal([])
      await waitForText(page, '.name', 'b')
    }
  })
})
