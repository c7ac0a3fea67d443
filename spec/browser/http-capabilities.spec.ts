// The other capabilities on the forced HTTP transport, in the example's pages: live navigation (no page load),
// lazy components and async data, polling, client commands with a flash, and a stream (the chat's log, which
// loads older messages on scroll). Presence, uploads, broadcasts: spec/browser/http-transport.spec.ts.
import { expect } from 'chai'
import { waitForText } from '../support/browser.js'
import { clientSuite } from '../support/client.js'

describe('browser: every capability on the HTTP transport', function () {
  const suite = clientSuite({ transport: 'http' })

  async function open(path: string) {
    const page = await suite.open(path)
    await page.waitForSelector('html.reactor-http.reactor-connected')
    return page
  }

  it('navigates live, without a page load, to examples and back', async () => {
    const page = await open('/')
    await page.evaluate(() => ((window as unknown as { mark: number }).mark = 1))
    for (const path of ['counter', 'todo', 'search']) {
      await page.click(`.showcase a[href="${path}"]`)
      await page.waitForURL((url) => url.pathname.startsWith(`/${path}`))
      await page.locator('a[href="/"][\\:navigate]').first().click()
      await page.waitForSelector('.showcase')
    }
    expect(await page.evaluate(() => (window as unknown as { mark?: number }).mark), 'never a page load').to.equal(1)
  })

  it('paints lazy placeholders, then the async reports', async () => {
    const page = await open('/report')
    await page.waitForSelector('#report-eu table tr')
    await page.waitForSelector('#report-am table tr')
  })

  it('polls', async () => {
    const page = await open('/dashboard')
    await waitForText(page, '.polls', '1', 10_000)
  })

  it('runs client commands, and Save flashes', async () => {
    const page = await open('/menu')
    await page.click('.menu-button')
    await page.click('.open-modal')
    await page.click('.save')
    await waitForText(page, '[reactor-flash] .flash-success', 'Saved (1)×')
    expect(await page.isVisible('#modal')).to.equal(false)
  })

  it('streams the chat\'s log, and older messages on scroll', async () => {
    const page = await open('/chat/general?name=ada')
    await page.waitForFunction(() => document.querySelectorAll('.log .message').length === 50)
    await page.$eval('.messages', (box) => box.scrollTo(0, -box.scrollHeight))
    await page.waitForFunction(() => document.querySelectorAll('.log .message').length === 80)
  })
})
