// Lazy components and async data: the first paint has the placeholders, the page's lazy components arrive in
// one round trip (those marked 'visible' when scrolled to), and async work renders loading, then its outcome.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { lazyPages, rowsGate, XReport } from '../fixtures/lazy.js'
import { waitForText } from '../support/browser.js'
import { clientSuite } from '../support/client.js'
import { getPage, WireClient } from '../support/server.js'
import { isRender } from '../../src/wire/protocol.js'

type Sent = { t: string; c?: Array<{ id: string }> }
const rows = (page: Page, id: string) => page.$$eval(`#${id} .rows li`, (lis) => lis.map((li) => li.textContent))

describe('browser client: lazy components and async data', function () {
  const suite = clientSuite({ components: [XReport] }, [lazyPages])
  let sent: Sent[]
  afterEach(() => rowsGate.open())

  const open = (path: string) => suite.open(path, undefined, (p) => p.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(JSON.parse(String(f.payload))))))
  beforeEach(() => (sent = []))

  it('paints the placeholders first, with no state token', async () => {
    const { html } = await getPage(`${suite.node.url}/lazy`)
    expect(html.match(/Loading the report…/g)).to.have.length(3)
    expect(html).to.not.contain('reactor-component="x-report"')
    expect(html).to.not.contain('<h2')
  })

  for (const path of ['/lazy', '/lazy-csp']) {
    it(`mounts the page's lazy components in one message, the 'visible' one once scrolled to (${path})`, async () => {
      rowsGate.close()
      const page = await open(path)
      await waitForText(page, '#sales .title', 'sales')
      await waitForText(page, '#costs .title', 'costs')
      expect(await page.textContent('#sales .loading'), 'async work still running').to.equal('loading rows')
      expect(await page.textContent('#later')).to.equal('Loading the report…')
      const lazies = () => sent.filter((m) => m.t === 'lazy').map((m) => m.c!.map((c) => c.id))
      expect(lazies()).to.deep.equal([['sales', 'costs']])
      rowsGate.open()
      await page.waitForSelector('#sales .rows li')
      expect(await rows(page, 'sales')).to.deep.equal(['sales 1', 'sales 2'])
      await page.locator('#later').scrollIntoViewIfNeeded()
      await waitForText(page, '#later .title', 'later')
      expect(lazies()).to.deep.equal([['sales', 'costs'], ['later']])
      await page.waitForSelector('#later .rows li')
    })
  }

  it('a mounted lazy component takes events; async work in a handler renders loading, then the rows or the error', async () => {
    const page = await open('/lazy')
    await page.waitForSelector('#sales .rows li')
    rowsGate.close()
    await page.click('#sales .reload')
    await page.waitForSelector('#sales .loading')
    rowsGate.open()
    await page.waitForSelector('#sales .rows li')
    expect(await rows(page, 'sales')).to.deep.equal(['sales again'])
    await page.click('#sales .fail')
    await waitForText(page, '#sales .failed', 'the report store is down')
  })

  it('awaits async work during a page render that is not lazy: the first paint is complete', async () => {
    const { html } = await getPage(`${suite.node.url}/lazy-whole`)
    expect(html).to.contain('<li>sales 1</li>').and.to.contain('<li>later 2</li>').and.not.contain('loading rows')
  })

  it('answers a forged ticket with bad-lazy, and the socket goes on', async () => {
    const { cookie, html } = await getPage(`${suite.node.url}/lazy`)
    const ticket = /id="sales" reactor-lazy="" lazy="([^"]+)"/.exec(html)![1]
    const client = await WireClient.open(suite.node.url, { cookie })
    client.send({ t: 'lazy', c: [{ id: 'sales', tok: ticket.slice(0, -2) + 'xx' }] })
    expect(await client.next((m) => m.t === 'err')).to.include({ t: 'err', id: 'sales', code: 'bad-lazy' })
    client.send({ t: 'lazy', c: [{ id: 'costs', tok: ticket }] })
    expect(await client.next((m) => m.t === 'err'), 'a ticket is for its own element').to.include({ id: 'costs', code: 'bad-lazy' })
    client.send({ t: 'lazy', c: [{ id: 'sales', tok: ticket }] })
    expect(await client.next((m) => isRender(m))).to.include({ id: 'sales' })
    client.close()
  })
})
