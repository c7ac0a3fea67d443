import { expect } from 'chai'
import type { Browser, Page } from 'playwright-core'
import { launch, waitForText } from '../support/browser.js'
import { startExample, type Running } from '../support/server.js'

describe('browser: the counter example', function () {
  let node: Running
  let browser: Browser
  let page: Page
  const errors: string[] = []

  before(async () => {
    node = await startExample()
    browser = await launch()
  })
  after(async () => {
    await browser.close()
    await node.close()
  })
  beforeEach(async () => {
    page = await browser.newPage()
    page.on('pageerror', (e) => errors.push(String(e)))
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    await page.goto(`${node.url}/counter`)
  })
  afterEach(async () => {
    await page.close()
    expect(errors.splice(0)).to.deep.equal([])
  })

  it('shows the count in the first HTML, before any script runs', async () => {
    const html = await (await fetch(`${node.url}/counter`)).text()
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
