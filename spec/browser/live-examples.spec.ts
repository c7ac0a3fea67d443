// The example pages of issue 10: live navigation between all examples, the lazy report with async data,
// the polling dashboard, and the menu and modal made of client commands with a flash on save.
import { expect } from 'chai'
import { examples } from '../../example/app.js'
import { waitForText } from '../support/browser.js'
import { landsOn } from '../support/dashboard.js'
import { clientSuite } from '../support/client.js'
import { getPage } from '../support/server.js'

describe('examples: the page as LiveView and Livewire users know it', function () {
  const suite = clientSuite()

  it('navigates live from the showcase to every example and back', async function () {
    this.timeout(90_000)
    const page = await suite.open('/')
    await page.waitForSelector('html.reactor-connected')
    await page.evaluate(() => ((window as unknown as { mark: number }).mark = 1))
    for (const { path } of examples) {
      await page.click(`.showcase a[href="${path}"]`)
      await page.waitForURL((url) => url.pathname.startsWith(landsOn(path))) // the notes go on to their login page
      // back to the showcase by its live link (the top bar, or TodoMVC's own)
      await page.locator('a[href="/"][\\:navigate]').first().click()
      await page.waitForSelector('.showcase')
    }
    expect(await page.evaluate(() => (window as unknown as { mark?: number }).mark), 'never a page load').to.equal(1)
  })

  it('the report paints its placeholders, then both reports and their figures', async () => {
    const { html } = await getPage(`${suite.node.url}/report`)
    expect(html.match(/Loading the report…/g)).to.have.length(2)
    const page = await suite.open('/report')
    await page.waitForSelector('#report-eu table tr')
    await page.waitForSelector('#report-am table tr')
    expect(await page.$$eval('#report-eu tr', (rows) => rows.length)).to.equal(3)
  })

  it('the dashboard polls the server', async () => {
    const page = await suite.open('/dashboard')
    await waitForText(page, '.polls', '1', 10_000)
  })

  it('the menu and the modal open without the server; Save flashes and closes the modal', async () => {
    const page = await suite.open('/menu')
    await page.waitForSelector('html.reactor-connected')
    await page.click('.menu-button')
    expect(await page.isVisible('#menu-items')).to.equal(true)
    await page.click('.open-modal')
    expect(await page.isVisible('#modal')).to.equal(true)
    await page.click('.save')
    await waitForText(page, '[reactor-flash] .flash-success', 'Saved (1)×')
    expect(await page.isVisible('#modal')).to.equal(false)
    expect(await page.isVisible('#menu-items'), 'the menu stays open through the render').to.equal(true)
  })
})
