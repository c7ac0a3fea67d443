// Live navigation: links and `reactor.navigate` swap the page over the same socket, Back and Forward put the
// page back with its scroll, the server's `visit` navigates live and `redirect` loads, and what cannot be
// swapped loads the page.
import { expect } from 'chai'
import type { Browser, Page } from 'playwright-core'
import { navigationPages, requests, slowPage, XNavigator } from '../fixtures/navigation.js'
import { launch, waitForText } from '../support/browser.js'
import { clientSuite } from '../support/client.js'
import { Proxy } from '../support/proxy.js'
import { startExample, type Running } from '../support/server.js'

type Frame = { t: string; id?: string; c?: Array<{ id: string }> }

/** The frames the page sends on its sockets, and how many sockets it opened. */
function watchSocket(page: Page): { sent: Frame[]; sockets: number } {
  const seen = { sent: [] as Frame[], sockets: 0 }
  page.on('websocket', (ws) => {
    seen.sockets++
    ws.on('framesent', (f) => seen.sent.push(JSON.parse(String(f.payload))))
  })
  return seen
}

/** Marks the document: the mark survives live navigation and is gone after a page load. */
const markDocument = (page: Page) => page.evaluate(() => ((window as unknown as { mark: number }).mark = 1))
const marked = (page: Page) => page.evaluate(() => (window as unknown as { mark?: number }).mark === 1)
/** Clicks the counter's + and waits until it shows `to`. */
async function bump(page: Page, to: string): Promise<void> {
  await page.click('.inc')
  await waitForText(page, '.count', to)
}

const counterId = (page: Page) => page.getAttribute('[reactor-component="x-counter"]', 'id')

describe('browser client: live navigation', function () {
  const suite = clientSuite({ components: [XNavigator] }, [navigationPages('one')])
  afterEach(() => slowPage.open())

  async function openA(path = '/nav/a'): Promise<{ page: Page; seen: ReturnType<typeof watchSocket> }> {
    let seen!: ReturnType<typeof watchSocket>
    const page = await suite.open(path, undefined, (p) => (seen = watchSocket(p)))
    await page.waitForSelector('html.reactor-connected')
    await markDocument(page)
    return { page, seen }
  }

  it('swaps the page without loading it: body, title, head, URL; the old components leave and the new join the same socket', async () => {
    const { page, seen } = await openA()
    const a = await counterId(page)
    await page.click('.to-b')
    await waitForText(page, '.name', 'b')
    expect(await marked(page), 'the same document').to.equal(true)
    expect(await page.title()).to.equal('page b')
    expect(new URL(page.url()).pathname).to.equal('/nav/b')
    expect(await page.$$eval('meta[name=page]', (m) => m.map((e) => e.getAttribute('content')))).to.deep.equal(['b'])
    const b = await counterId(page)
    expect(seen.sent.some((m) => m.t === 'leave' && m.id === a)).to.equal(true)
    expect(seen.sent.some((m) => m.t === 'join' && m.c!.some((c) => c.id === b))).to.equal(true)
    expect(seen.sockets, 'one socket for both pages').to.equal(1)
    await bump(page, '21')
  })

  it('Back puts the page back as it was left, with its scroll, and its components keep working; Forward too', async () => {
    const { page } = await openA()
    await bump(page, '11')
    const y = await page.evaluate(() => (scrollTo(0, document.body.scrollHeight), scrollY))
    await page.click('.bottom-to-b')
    await waitForText(page, '.name', 'b')
    expect(await page.evaluate(() => scrollY), 'a new page starts at the top').to.equal(0)
    await page.goBack()
    await waitForText(page, '.name', 'a')
    expect(await page.textContent('.count'), 'the state it was left with').to.equal('11')
    expect(await page.evaluate(() => scrollY)).to.equal(y).and.to.be.above(0)
    await bump(page, '12')
    await page.goForward()
    await waitForText(page, '.name', 'b')
    await bump(page, '21')
    expect(await marked(page)).to.equal(true)
  })

  it('follows a redirect of the fetched page, and reactor.navigate from a script', async () => {
    const { page } = await openA()
    await page.click('.to-moved')
    await waitForText(page, '.name', 'b')
    expect(new URL(page.url()).pathname).to.equal('/nav/b')
    await page.evaluate(() => (window as unknown as { reactor: { navigate(url: string): void } }).reactor.navigate('/nav/a'))
    await waitForText(page, '.name', 'a')
    expect(await marked(page)).to.equal(true)
  })

  for (const [link, path] of [['.to-json', '/nav-json'], ['.to-fail', '/nav-fail'], ['.to-plain', '/nav-plain']]) {
    it(`loads the page when the answer cannot be swapped (${path})`, async () => {
      const { page } = await openA()
      // the page loaded asks for /favicon.ico, which this app does not have
      suite.allowed.push(/status of (500|404)/)
      await page.click(link)
      await page.waitForURL(`**${path}`)
      await page.waitForFunction(() => !(window as unknown as { mark?: number }).mark)
    })
  }

  it('leaves a modifier-click and a link without :navigate to the browser', async () => {
    const { page } = await openA()
    const popup = page.context().waitForEvent('page')
    await page.click('.to-b', { modifiers: ['Control'] })
    await (await popup).close()
    expect(await page.textContent('.name')).to.equal('a')
    await page.click('.to-b-plain')
    await page.waitForFunction(() => !(window as unknown as { mark?: number }).mark)
    await waitForText(page, '.name', 'b')
  })

  it('shows the progress bar on the top edge while a navigation is slow, and takes it away after', async () => {
    const { page } = await openA()
    slowPage.close()
    await page.click('.to-slow')
    await page.waitForSelector('html.reactor-navigating')
    const bar = await page.evaluate(() => {
      const style = getComputedStyle(document.documentElement, '::before')
      return { position: style.position, top: style.top, height: style.height }
    })
    expect(bar).to.deep.equal({ position: 'fixed', top: '0px', height: '3px' })
    slowPage.open()
    await waitForText(page, '.name', 'b')
    expect(await page.$('html.reactor-navigating')).to.equal(null)
  })

  it('prefetches a :navigate.hover link on hover, and the click uses that answer', async () => {
    const { page } = await openA()
    const before = requests.get('/nav/b') ?? 0
    await page.hover('.hover-b')
    await page.waitForFunction(() => performance.getEntriesByName(new URL('/nav/b', location.href).href).length > 0)
    await page.click('.hover-b')
    await waitForText(page, '.name', 'b')
    expect(requests.get('/nav/b')! - before, 'one request: the prefetch').to.equal(1)
  })

  it("the server's visit() navigates live, redirect() loads the page, and a javascript: URL is refused", async () => {
    const { page } = await openA()
    await page.click('.visit-b')
    await waitForText(page, '.name', 'b')
    expect(await marked(page), 'visit: the same document').to.equal(true)
    await page.goBack()
    await waitForText(page, '.name', 'a')
    suite.allowed.push(/handler-failed/)
    await page.click('.visit-bad')
    await page.waitForFunction(() => document.querySelector('[reactor-component="x-navigator"].reactor-loading') === null)
    expect(await page.textContent('.name')).to.equal('a')
    await page.click('.redirect-b')
    await page.waitForFunction(() => !(window as unknown as { mark?: number }).mark)
    await waitForText(page, '.name', 'b')
  })

  it('runs the new page scripts under a strict CSP whose nonce changes on every page', async () => {
    const { page } = await openA('/nav-csp/a')
    expect(await page.evaluate(() => (window as unknown as { evalAllowed?: unknown }).evalAllowed)).to.equal(undefined)
    await page.click('.to-b')
    await waitForText(page, '.name', 'b')
    expect(await page.evaluate(() => (window as unknown as { ran: string[] }).ran)).to.deep.equal(['a', 'b'])
    await bump(page, '21')
    await page.goBack()
    await waitForText(page, '.name', 'a')
    expect(await page.evaluate(() => (window as unknown as { ran: string[] }).ran), 'a page put back runs nothing again').to.deep.equal(['a', 'b'])
  })
})

describe('browser client: live navigation across two nodes with one secret', function () {
  let one: Running
  let two: Running
  let proxy: Proxy
  let browser: Browser
  before(async () => {
    ;[one, two] = await Promise.all(['one', 'two'].map((node) => startExample({ components: [XNavigator] }, { routes: [navigationPages(node)] })))
    proxy = await Proxy.start(one.url)
    browser = await launch()
  })
  after(async () => {
    await browser.close()
    await proxy.close()
    await Promise.all([one.close(), two.close()])
  })

  it('fetches the next page from another node, and the socket on the first node runs its components', async () => {
    const page = await browser.newPage()
    let sockets = 0
    page.on('websocket', () => sockets++)
    await page.goto(`${proxy.url}/nav/a`)
    await page.waitForSelector('html.reactor-connected')
    expect(await page.textContent('.node')).to.equal('one')
    proxy.moveTo(two.url)
    await page.click('.to-b')
    await waitForText(page, '.name', 'b')
    expect(await page.textContent('.node'), 'the page came from node two').to.equal('two')
    await bump(page, '21')
    await page.goBack()
    await waitForText(page, '.name', 'a')
    await bump(page, '11')
    expect(sockets, 'the page kept its socket on node one').to.equal(1)
    await page.close()
  })
})
