// The connection's state on <html>: connected, disconnected (the socket is down), offline (the browser is).
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { clientSuite, goOffline, goOnline } from '../support/client.js'
import { Proxy } from '../support/proxy.js'

const classesOf = (page: Page) => page.evaluate(() => [...document.documentElement.classList].filter((c) => c.startsWith('reactor-')).sort())

describe('browser client: connection state on <html>', function () {
  const suite = clientSuite()
  let proxy: Proxy
  before(async () => {
    proxy = await Proxy.start(suite.node.url)
  })
  after(() => proxy.close())
  afterEach(() => proxy.restore())

  it('is reactor-connected while the socket is open, reactor-disconnected while it is down, and connected again after', async () => {
    const page = await suite.open('/c/x-client-slow', proxy.url)
    await page.waitForSelector('html.reactor-connected')
    expect(await classesOf(page)).to.deep.equal(['reactor-connected'])
    await goOffline(suite, proxy)
    await page.waitForSelector('html.reactor-disconnected')
    expect(await classesOf(page), 'the socket is down, the browser is online').to.deep.equal(['reactor-disconnected'])
    await goOnline(page, proxy)
    await page.waitForSelector('html.reactor-connected')
    expect(await classesOf(page)).to.deep.equal(['reactor-connected'])
  })

  it('adds reactor-offline while the browser has no network, and reconnects when it is back', async () => {
    const page = await suite.open('/c/x-client-slow', proxy.url)
    await page.waitForSelector('html.reactor-connected')
    await page.context().setOffline(true)
    await goOffline(suite, proxy)
    await page.waitForSelector('html.reactor-offline.reactor-disconnected')
    expect(await page.evaluate(() => navigator.onLine)).to.equal(false)
    proxy.restore()
    await page.context().setOffline(false)
    await page.waitForSelector('html.reactor-connected')
    expect(await classesOf(page)).to.deep.equal(['reactor-connected'])
  })

  it('works the same under a strict nonce CSP', async () => {
    const page = await suite.open('/csp/x-client-slow', proxy.url)
    await page.waitForSelector('html.reactor-connected')
    expect(await page.evaluate(() => (window as unknown as { evalAllowed: unknown }).evalAllowed)).to.equal('EvalError')
    await goOffline(suite, proxy)
    await page.waitForSelector('html.reactor-disconnected')
  })
})

describe('browser client: back online while an attempt to connect hangs', function () {
  // a hanging attempt is given up after the fallback option's afterMs, here longer than the spec may take: only
  // the `online` event can bring the page back in time
  const suite = clientSuite({ fallback: { afterMs: 600_000 } })
  let proxy: Proxy
  before(async () => {
    proxy = await Proxy.start(suite.node.url)
  })
  after(() => proxy.close())

  it('drops the attempt still opening and connects at once', async () => {
    const page = await suite.open('/c/x-client-slow', proxy.url)
    await page.waitForSelector('html.reactor-connected')
    proxy.stall()
    await page.waitForSelector('html.reactor-disconnected')
    await proxy.stalled()
    proxy.restore()
    await page.evaluate(() => dispatchEvent(new Event('online')))
    await page.waitForSelector('html.reactor-connected')
    expect(await classesOf(page)).to.deep.equal(['reactor-connected'])
  })
})
