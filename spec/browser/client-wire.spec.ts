// The wire as a user lives it: events in order and each answered, loading states, an outbox that survives
// the network going away, and a reconnect that rejoins every component without a visible flash.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { gate, served } from '../fixtures/client-components.js'
import { waitForText } from '../support/browser.js'
import { clientSuite, goOffline, goOnline, logOf, takeEvents } from '../support/client.js'
import { Proxy } from '../support/proxy.js'

const LOADING = '[reactor-loading], .reactor-loading'

/** Waits until the server has run `count` more `bump` events than it had when `since` was taken. */
async function serverBumped(since: number, count: number): Promise<void> {
  for (let waited = 0; served.bumps < since + count; waited += 10) {
    if (waited > 5000) throw new Error(`the server ran ${served.bumps - since} bump events, expected ${count}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('browser client: order, answers, loading states, offline and reconnect', function () {
  const suite = clientSuite()
  let proxy: Proxy
  before(async () => {
    proxy = await Proxy.start(suite.node.url)
  })
  after(() => proxy.close())
  afterEach(() => {
    proxy.restore()
    gate.open()
  })

  it('sends 20 rapid clicks in order, and the server answers each', async () => {
    const page = await suite.open('/c/x-client-order')
    for (let i = 1; i <= 20; i++) await page.click(`.b${i}`, { noWaitAfter: true })
    const log = await logOf(page, 20)
    expect(log.map((entry) => (entry as { n: string }).n)).to.deep.equal(Array.from({ length: 20 }, (_, i) => String(i + 1)))
    await page.waitForSelector(LOADING, { state: 'detached' })
  })

  it('marks the element and the component while an event is in flight, disables a :disable element, and clears it all on the answer', async () => {
    const page = await suite.open('/c/x-client-slow')
    gate.close()
    await page.click('.go')
    await page.waitForSelector('.go[reactor-loading].reactor-loading[disabled]')
    await page.waitForSelector('[reactor-component][reactor-loading].reactor-loading')
    expect(await page.$('.other[reactor-loading], .other.reactor-loading, .other[disabled]')).to.equal(null)
    expect(await page.textContent('.n')).to.equal('0')
    gate.open()
    await waitForText(page, '.n', '1')
    expect(await page.$(LOADING)).to.equal(null)
    expect(await page.isEnabled('.go')).to.equal(true)
  })

  it('clears the loading marks on an answer that changes nothing, and on an error', async () => {
    const page = await suite.open('/c/x-client-slow,x-boom')
    gate.close()
    await page.click('.wait')
    await page.waitForSelector('.wait[reactor-loading][disabled]')
    gate.open()
    await page.waitForSelector(LOADING, { state: 'detached' })
    expect(await page.isEnabled('.wait')).to.equal(true)
    await page.evaluate(() => {
      const boom = document.querySelector('[reactor-component="x-boom"]')!
      ;(window as unknown as { reactor: { send(el: Element, name: string): void } }).reactor.send(boom, 'explode')
    })
    await page.waitForFunction(() => (window as unknown as { events: string[] }).events.some((e) => e.startsWith('error ')))
    await page.waitForSelector(LOADING, { state: 'detached' })
    expect(suite.errors.splice(0).join()).to.contain('handler-failed')
  })

  it('keeps the events fired while offline and sends them once the network is back: 3 clicks give +3', async () => {
    const page = await suite.open('/c/x-counter', proxy.url)
    await page.click('.inc')
    await waitForText(page, '.count', '1')
    await goOffline(suite, proxy)
    for (let i = 0; i < 3; i++) await page.click('.inc')
    expect(await page.textContent('.count')).to.equal('1')
    expect(await page.$('[reactor-component].reactor-disconnected.reactor-loading')).not.to.equal(null)
    await goOnline(page, proxy)
    await waitForText(page, '.count', '4')
    await page.waitForSelector(LOADING, { state: 'detached' })
  })

  it('reconnects without a visible flash: the same elements stay, nothing is re-inserted', async () => {
    const page = await suite.open('/c/x-counter', proxy.url)
    await page.evaluate(() => {
      const w = window as unknown as { replaced: number; count: Element }
      w.replaced = 0
      w.count = document.querySelector('.count')!
      new MutationObserver((records) => (w.replaced += records.length)).observe(document.body, { childList: true, subtree: true })
    })
    await goOffline(suite, proxy)
    await goOnline(page, proxy)
    await page.click('.inc')
    await waitForText(page, '.count', '1')
    expect(await page.evaluate(() => {
      const w = window as unknown as { replaced: number; count: Element }
      return { replaced: w.replaced, same: w.count === document.querySelector('.count') }
    })).to.deep.equal({ replaced: 0, same: true })
  })

  it('tells the server when a script of the page removes a component, once', async () => {
    const sent: string[] = []
    const page = await suite.open('/c/x-counter,x-boom', undefined, (p) =>
      p.on('websocket', (ws) => ws.on('framesent', ({ payload }) => void sent.push(String(payload)))),
    )
    const id = await page.$eval('[reactor-component="x-boom"]', (el) => el.id)
    await page.waitForFunction(() => document.querySelector('[reactor-component]') !== null)
    await page.evaluate(() => document.querySelector('[reactor-component="x-boom"]')!.remove())
    for (let waited = 0; !sent.some((f) => f.includes('"leave"')) && waited < 3000; waited += 20) await new Promise((r) => setTimeout(r, 20))
    expect(sent.filter((f) => f === JSON.stringify({ t: 'leave', id }))).to.have.length(1)
  })

  it('rejoins every component after a reconnect, nested children included', async () => {
    const page = await suite.open('/c/x-client-parent', proxy.url)
    await page.click('.child-bump')
    await waitForText(page, '.child-n', '1')
    await goOffline(suite, proxy, '[reactor-component="x-client-child"]')
    await goOnline(page, proxy)
    await page.click('.child-bump')
    await waitForText(page, '.child-n', '2')
    await page.click('.parent-bump')
    await waitForText(page, '.parent-n', '1')
    expect(await page.textContent('.child-n'), "the parent's render leaves the child as it is").to.equal('2')
    expect((await takeEvents(page)).filter((e) => e.startsWith('leave'))).to.deep.equal([])
  })

  it('an event whose answer was lost in the cut is not run twice, and the events after it build on it', async () => {
    const page = await suite.open('/c/x-client-parent', proxy.url)
    await page.click('.parent-bump')
    await waitForText(page, '.parent-n', '1')
    proxy.muteReplies()
    const before = served.bumps
    await page.click('.parent-bump')
    await serverBumped(before, 1)
    await goOffline(suite, proxy)
    await page.click('.parent-bump')
    await goOnline(page, proxy)
    await waitForText(page, '.parent-n', '3')
    await page.waitForSelector(LOADING, { state: 'detached' })
    expect(served.bumps - before, 'the server ran each of the two events once').to.equal(2)
  })
})
