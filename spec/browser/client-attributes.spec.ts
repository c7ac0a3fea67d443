// The seed's special attributes on renders: :keep, :override, :once, :focus, and the focused field.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { waitForText } from '../support/browser.js'
import { clientSuite } from '../support/client.js'

/** Sends `bump` from the page's script, so that the focus stays where the spec put it. */
async function bumpTo(page: Page, n: number): Promise<void> {
  await page.evaluate(() => {
    const reactor = (window as unknown as { reactor: { send(el: Element, name: string): void } }).reactor
    reactor.send(document.querySelector('.bump')!, 'bump')
  })
  await waitForText(page, '.live', String(n))
}

describe('browser client: special attributes', function () {
  const suite = clientSuite()
  let page: Page
  beforeEach(async () => {
    page = await suite.open('/c/x-client-attrs')
  })

  it('a render overwrites a field the user left, but not one with :keep', async () => {
    await page.fill('.plain', 'mine')
    await page.fill('.keep', 'mine too')
    await page.selectOption('.pick', ['b', 'c'])
    await page.click('.bump')
    await waitForText(page, '.live', '1')
    expect(await page.inputValue('.plain')).to.equal('server 1')
    expect(await page.inputValue('.keep')).to.equal('mine too')
    expect(await page.$eval('.pick', (s) => [...(s as HTMLSelectElement).selectedOptions].map((o) => o.value))).to.deep.equal(['b', 'c'])
  })

  it('never overwrites the focused field, even as other attributes change', async () => {
    await page.fill('.plain', 'half-typed')
    await bumpTo(page, 1)
    expect(await page.inputValue('.plain')).to.equal('half-typed')
    expect(await page.evaluate(() => document.activeElement?.className)).to.equal('plain')
    await page.fill('.plain', 'half-typed, more')
    await bumpTo(page, 2)
    expect(await page.inputValue('.plain')).to.equal('half-typed, more')
    expect(await page.getAttribute('.plain', 'value'), 'the attributes follow the render').to.equal('server 2')
  })

  it(':override lets a render replace the focused field', async () => {
    await page.fill('.override', 'half-typed')
    await bumpTo(page, 1)
    expect(await page.inputValue('.override')).to.equal('server 1')
  })

  it(':once renders an element once and never updates it', async () => {
    await page.click('.bump')
    await waitForText(page, '.live', '1')
    expect(await page.textContent('.once')).to.equal('0')
  })

  it(':focus focuses its element after the render that shows it', async () => {
    await page.click('.bump')
    await waitForText(page, '.live', '1')
    await page.click('.bump')
    await waitForText(page, '.live', '2')
    expect(await page.evaluate(() => document.activeElement?.className)).to.equal('focus')
  })
})
