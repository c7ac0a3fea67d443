// Streams in a real Chromium under a strict nonce CSP: items inserted, updated, moved, removed and reset by DOM
// id, the other end trimmed by `limit`, a re-render and a reconnect that leave the items alone, only the changed
// items on the wire, none in the token, and a viewport binding that loads more.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { streamComponents } from '../fixtures/stream-components.js'
import { waitForText } from '../support/browser.js'
import { clientSuite, goOffline, goOnline } from '../support/client.js'
import { Proxy } from '../support/proxy.js'

const texts = (page: Page) => page.$$eval('.items li .text', (spans) => spans.map((s) => s.textContent))

async function waitForTexts(page: Page, expected: string[]): Promise<void> {
  await page
    .waitForFunction((want) => JSON.stringify([...document.querySelectorAll('.items li .text')].map((s) => s.textContent)) === want, JSON.stringify(expected), { timeout: 5000 })
    .catch(async () => expect(await texts(page)).to.deep.equal(expected))
}

/** The frames the server sent to the page, as text. */
function framesOf(page: Page): string[] {
  const frames: string[] = []
  page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => frames.push(String(payload))))
  return frames
}

describe('browser: streams', function () {
  const suite = clientSuite({ components: streamComponents })
  let proxy: Proxy
  before(async () => {
    proxy = await Proxy.start(suite.node.url)
  })
  after(() => proxy.close())
  afterEach(() => proxy.restore())

  it('appends an inserted item, sending only that item, and trims the start at limit -5', async () => {
    let frames: string[] = []
    const page = await suite.open('/csp/x-feed', undefined, (p) => (frames = framesOf(p)))
    expect(await texts(page)).to.deep.equal(['item 1', 'item 2', 'item 3'])
    await page.click('.add')
    await waitForTexts(page, ['item 1', 'item 2', 'item 3', 'item 4'])
    const render = frames.find((f) => f.includes('item 4'))!
    expect(render).to.not.include('item 1').and.not.include('item 3')
    for (let i = 0; i < 3; i++) await page.click('.add')
    await waitForTexts(page, ['item 3', 'item 4', 'item 5', 'item 6', 'item 7'])
  })

  it('prepends at 0 with limit 5, trimming the end', async () => {
    const page = await suite.open('/csp/x-feed')
    await page.click('.prepend')
    await waitForTexts(page, ['item 4', 'item 1', 'item 2', 'item 3'])
    for (let i = 0; i < 2; i++) await page.click('.prepend')
    await waitForTexts(page, ['item 6', 'item 5', 'item 4', 'item 1', 'item 2'])
  })

  it('updates an existing item in place (the same element), moves one with `at`, and removes one', async () => {
    const page = await suite.open('/csp/x-feed')
    await page.$eval('#items-2', (li) => ((li as unknown as { mark: number }).mark = 42))
    await page.click('#items-2 .edit')
    await waitForTexts(page, ['item 1', 'edited', 'item 3'])
    expect(await page.$eval('#items-2', (li) => (li as unknown as { mark?: number }).mark)).to.equal(42)
    await page.click('#items-3 .first')
    await waitForTexts(page, ['item 3 first', 'item 1', 'edited'])
    await page.click('#items-1 .remove')
    await waitForTexts(page, ['item 3 first', 'edited'])
  })

  it('replaces every item on reset', async () => {
    const page = await suite.open('/csp/x-feed')
    await page.click('.reset')
    await waitForTexts(page, ['item 4', 'item 5'])
  })

  it('leaves the items alone when the component re-renders, and keeps none of them in the token', async () => {
    const page = await suite.open('/csp/x-feed')
    for (let i = 0; i < 2; i++) await page.click('.add')
    await waitForTexts(page, ['item 1', 'item 2', 'item 3', 'item 4', 'item 5'])
    await page.click('.retitle')
    await waitForText(page, '.title', 'renamed')
    expect(await texts(page)).to.deep.equal(['item 1', 'item 2', 'item 3', 'item 4', 'item 5'])
    const token = await page.getAttribute('[reactor-component="x-feed"]', 'state')
    const claims = JSON.parse(Buffer.from(token!.split('.')[1], 'base64url').toString())
    expect(claims.st).to.deep.equal({ next: 6, title: 'renamed' })
  })

  it('keeps what the browser shows through a reconnect, and goes on inserting after it', async () => {
    const page = await suite.open('/csp/x-feed', proxy.url)
    await page.click('.add')
    await waitForTexts(page, ['item 1', 'item 2', 'item 3', 'item 4'])
    await goOffline(suite, proxy)
    await goOnline(page, proxy)
    await page.click('.retitle')
    await waitForText(page, '.title', 'renamed')
    expect(await texts(page)).to.deep.equal(['item 1', 'item 2', 'item 3', 'item 4'])
    await page.click('.add')
    await waitForTexts(page, ['item 1', 'item 2', 'item 3', 'item 4', 'item 5'])
  })

  it('loads the next page when the last item scrolls into view (@viewport-bottom)', async () => {
    const page = await suite.open('/csp/x-pager')
    expect(await page.locator('.rows li').count()).to.equal(10)
    await page.locator('.box').evaluate((box) => box.scrollTo(0, box.scrollHeight))
    await waitForText(page, '.loaded', '20')
    expect(await page.locator('.rows li').count()).to.equal(20)
    await page.locator('.box').evaluate((box) => box.scrollTo(0, box.scrollHeight))
    await waitForText(page, '.loaded', '30')
    expect(await page.locator('.rows li').last().textContent()).to.equal('row 29')
  })
})
