import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { waitForText } from '../support/browser.js'
import { useExampleBrowser } from '../support/example-browser.js'

describe('browser: the counter example', function () {
  const suite = useExampleBrowser()
  let page: Page

  beforeEach(async () => {
    page = await suite.open('/counter')
  })

  it('shows the count in the first HTML, before any script runs', async () => {
    const html = await (await fetch(`${suite.node.url}/counter`)).text()
    expect(html).to.match(/<span class="count">0<\/span>/)
  })

  it('a click that changes only the count sets its text in place: the same elements, `updated` on the count and the root', async () => {
    await page.evaluate(() => {
      const w = window as unknown as { updated: string[]; button: Element }
      w.updated = []
      w.button = document.querySelector('.inc')!
      document.addEventListener('reactor:updated', (e) => w.updated.push((e.target as Element).className || 'root'))
    })
    await page.click('.inc')
    await waitForText(page, '.count', '1')
    const seen = await page.evaluate(() => {
      const w = window as unknown as { updated: string[]; button: Element }
      return { updated: w.updated, sameButton: w.button === document.querySelector('.inc') }
    })
    expect(seen).to.deep.equal({ updated: ['root', 'count'], sameButton: true })
    await page.click('.inc')
    await waitForText(page, '.count', '2')
  })

  it('counts +, +, - to 1, and reset goes back to 0', async () => {
    await page.click('.inc')
    await waitForText(page, '.count', '1')
    await page.click('.inc')
    await waitForText(page, '.count', '2')
    await page.click('.dec')
    await waitForText(page, '.count', '1')
    await page.click('.reset')
    await waitForText(page, '.count', '0')
  })

  it('counts 20 rapid clicks exactly', async () => {
    for (let i = 0; i < 20; i++) await page.click('.inc', { noWaitAfter: true })
    await waitForText(page, '.count', '20')
    await page.waitForTimeout(300)
    expect(await page.textContent('.count')).to.equal('20')
  })

  it('counts 20 clicks fired in one burst exactly, in order', async () => {
    await page.evaluate(() => {
      for (let i = 0; i < 20; i++) document.querySelector<HTMLButtonElement>('.inc')!.click()
    })
    await waitForText(page, '.count', '20')
    await page.click('.dec')
    await waitForText(page, '.count', '19')
  })

  it('starts again from the server render when the page is reloaded', async () => {
    await page.click('.inc')
    await waitForText(page, '.count', '1')
    await page.reload()
    await waitForText(page, '.count', '0')
  })
})
