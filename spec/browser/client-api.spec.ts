// The `reactor` object a page's own scripts use: send(element, name, args) and visit(url, { action }).
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { clientSuite, whichOf } from '../support/client.js'

type Reactor = { send(el: Element | null, name: string, args?: object): void; visit(url: string, options?: object): void }

describe('browser client: the reactor object', function () {
  const suite = clientSuite()
  let page: Page
  beforeEach(async () => {
    page = await suite.open('/c/x-client-keys')
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1))
  })

  const where = () =>
    page.evaluate(() => ({ path: location.pathname + location.search, history: history.length, marker: (window as unknown as { marker?: number }).marker }))

  it('send(element, name, args) sends to the component holding the element; outside any component it sends nothing', async () => {
    await page.evaluate(() => {
      const { reactor } = window as unknown as { reactor: Reactor }
      reactor.send(document.getElementById('out'), 'echo', { which: 'nowhere' })
      reactor.send(document.querySelector('.plain'), 'echo', { which: 'from a script' })
    })
    expect(await whichOf(page, 1)).to.deep.equal(['from a script'])
  })

  it('visit: advance navigates live to a new history entry, replace replaces the entry; neither loads the page', async () => {
    const start = await where()
    await page.evaluate(() => (window as unknown as { reactor: Reactor }).reactor.visit('/c/x-counter?x=1'))
    await page.waitForSelector('[reactor-component="x-counter"]')
    expect(await where()).to.deep.equal({ path: '/c/x-counter?x=1', history: start.history + 1, marker: 1 })
    await page.evaluate(() => (window as unknown as { reactor: Reactor }).reactor.visit('/c/x-client-order', { action: 'replace' }))
    await page.waitForSelector('[reactor-component="x-client-order"]')
    expect(await where()).to.deep.equal({ path: '/c/x-client-order', history: start.history + 1, marker: 1 })
  })

  it('visit: goes through Turbo when the page has it, and redirect loads the page', async () => {
    // a string, so that the spec's compiler leaves the function inside as it is
    const turbo = await page.evaluate(`
      window.Turbo = { visit: (url, options) => (window.visited = [url, options.action]) }
      reactor.visit('/turbo', { action: 'replace' })
      delete window.Turbo
      window.visited`)
    expect(turbo).to.deep.equal(['/turbo', 'replace'])
    await Promise.all([
      page.waitForURL('**/c/x-counter'),
      page.evaluate(() => (window as unknown as { reactor: Reactor }).reactor.visit('/c/x-counter', { action: 'redirect' })),
    ])
    expect((await where()).marker).to.equal(undefined)
    await page.waitForSelector('[reactor-component="x-counter"]')
  })
})
