// What a developer sees in the browser: the error overlay, the console warning for a stray binding, and what a
// production page shows instead (nothing but a generic console message).
import { expect } from 'chai'
import type { Browser, Page } from 'playwright-core'
import { clientPages } from '../fixtures/client-components.js'
import { devComponents, devPages } from '../fixtures/dev-components.js'
import { launch } from '../support/browser.js'
import { startExample, type Running } from '../support/server.js'

interface Seen {
  errors: string[]
  warnings: string[]
}

/** A server in development or production, and a page on it whose console is recorded. */
function suite(development: boolean) {
  const env = {} as { node: Running; browser: Browser; open(path: string): Promise<{ page: Page; seen: Seen }> }
  before(async () => {
    env.node = await startExample({ development, components: devComponents }, { routes: [devPages, clientPages] })
    env.browser = await launch()
  })
  after(async () => {
    await env.browser.close()
    await env.node.close()
  })
  env.open = async (path) => {
    const page = await env.browser.newPage()
    const seen: Seen = { errors: [], warnings: [] }
    page.on('pageerror', (e) => seen.errors.push(String(e)))
    // the favicon of /two answers 404: not the page's error
    page.on('console', (m) => {
      if (m.text().startsWith('Failed to load resource')) return
      ;(m.type() === 'error' ? seen.errors : m.type() === 'warning' ? seen.warnings : []).push(m.text())
    })
    await page.goto(`${env.node.url}${path}`)
    await page.waitForFunction(() => (window as unknown as { reactor?: object }).reactor)
    return { page, seen }
  }
  return env
}

/** Sends `handler` (with `args`) to the component `selector` from the page's script. */
function send(page: Page, selector: string, handler: string, args: Record<string, unknown> = {}) {
  return page.evaluate(
    ([s, n, a]) => {
      const reactor = (window as unknown as { reactor: { send(el: Element, name: string, args: object): void } }).reactor
      reactor.send(document.querySelector(s as string)!, n as string, a as object)
    },
    [selector, handler, args] as const,
  )
}

const OVERLAY = '[reactor-overlay]'

describe('browser: the development error overlay', function () {
  const env = suite(true)

  it('a handler that throws: the component, the handler, the code, the message and the stack', async () => {
    const { page, seen } = await env.open('/two')
    await send(page, '[reactor-component="x-boom"]', 'explode')
    await page.waitForSelector(OVERLAY)
    const text = await page.textContent(OVERLAY)
    expect(text).to.include('x-boom.explode · handler-failed')
    expect(text).to.include('x-boom.explode failed: kaboom')
    expect(text).to.match(/Error: kaboom\s+at XBoom\.explode/)
    expect(await page.isVisible(OVERLAY)).to.equal(true)
    expect(seen.errors).to.deep.equal(['reactor: handler-failed: x-boom.explode failed: kaboom'])
    await page.close()
  })

  it('each error adds to it: a handler not declared, bad arguments, a render that fails; × closes it', async () => {
    const { page } = await env.open('/two')
    await send(page, '[reactor-component="x-counter"]', 'incc')
    await send(page, '[reactor-component="x-counter"]', 'set_to', { amount: 'ten' })
    await send(page, '[reactor-component="x-boom"]', 'corrupt')
    await page.waitForFunction((s) => document.querySelectorAll(`${s} section`).length === 3, OVERLAY)
    const titles = await page.$$eval(`${OVERLAY} b`, (bs) => bs.map((b) => b.textContent))
    expect(titles).to.deep.equal(['x-counter.incc · not-a-handler', 'x-counter.set_to · bad-arguments', 'x-boom · server-error'])
    expect(await page.textContent(OVERLAY)).to.include('> 2|')
    await page.click(`${OVERLAY} button`)
    expect(await page.$(OVERLAY)).to.equal(null)
    await page.close()
  })

  it('keeps the newest ten errors', async () => {
    const { page } = await env.open('/two')
    for (let i = 1; i <= 12; i++) await send(page, '[reactor-component="x-counter"]', `nope${i}`)
    await page.waitForFunction((s) => document.querySelector(`${s} section:last-child pre`)?.textContent?.includes('"nope12"'), OVERLAY)
    const messages = await page.$$eval(`${OVERLAY} section pre`, (pres) => pres.map((p) => /"(\w+)"/.exec(p.textContent!)![1]))
    expect(messages).to.deep.equal(Array.from({ length: 10 }, (_, i) => `nope${i + 3}`))
    await page.close()
  })

  it('shows, styled, under a CSP that allows no inline script or style', async () => {
    const { page, seen } = await env.open('/strict/two')
    await send(page, '[reactor-component="x-boom"]', 'explode')
    await page.waitForSelector(OVERLAY)
    expect(await page.$eval(OVERLAY, (el) => getComputedStyle(el).position)).to.equal('fixed')
    expect(seen.errors).to.deep.equal(['reactor: handler-failed: x-boom.explode failed: kaboom'])
    await page.close()
  })

  it('warns in the console about an @event binding outside any component, once', async () => {
    const { page, seen } = await env.open('/dev/props')
    await page.waitForFunction(() => document.querySelector('[reactor-component]'))
    expect(seen.warnings).to.deep.equal(['reactor: <button on:click> is outside any component: it does nothing'])
    await page.close()
  })

  it("a binding's bad argument literal: thrown on the page, and shown", async () => {
    const { page, seen } = await env.open('/dev/props')
    await page.waitForFunction(() => document.querySelector('[reactor-component]'))
    await page.click('.bad')
    await page.waitForSelector(OVERLAY)
    expect(await page.textContent(`${OVERLAY} b`)).to.equal('x-forgetful.click · bad-arguments')
    const why =
      "SyntaxError: reactor: bad arguments {n: 1 + 2}: a binding's arguments are literals (numbers, 'strings', true, false, null, " +
      'lists and objects of them) and reads of this.<path> or event.<path>, not expressions; compute the value in the handler'
    expect(await page.textContent(`${OVERLAY} pre`)).to.equal(why)
    expect(seen.errors).to.deep.equal([why])
    await page.close()
  })

  it('a page whose render fails shows the error page', async () => {
    const page = await env.browser.newPage()
    const res = await page.goto(`${env.node.url}/dev/broken`)
    expect(res?.status()).to.equal(500)
    expect(await page.textContent('h1')).to.equal('Rendering dev-broken.pug failed')
    expect(await page.textContent('header p')).to.equal('Error in component x-boom')
    expect(await page.textContent('.message')).to.include('cannot render a negative count')
    await page.goto(`${env.node.url}/strict/dev-broken`)
    expect(await page.$eval('header', (el) => getComputedStyle(el).backgroundColor), 'styled under a strict CSP').to.equal('rgb(229, 72, 77)')
    await page.close()
  })
})

describe('browser: production pages', function () {
  const env = suite(false)

  it('show no overlay; the console gets a generic message', async () => {
    const { page, seen } = await env.open('/two')
    await send(page, '[reactor-component="x-boom"]', 'explode')
    await page.waitForFunction(() => document.querySelector('[reactor-component="x-boom"]')?.matches(':not(.reactor-loading)'))
    await expectSoon(() => seen.errors.length === 1)
    expect(seen.errors[0]).to.equal("reactor: handler-failed: the server could not handle this (handler-failed); the details are in the server's log")
    expect(await page.$(OVERLAY)).to.equal(null)
    await page.close()
  })

  it('do not warn about stray bindings, nor show a bad literal', async () => {
    const { page, seen } = await env.open('/dev/props')
    await send(page, '[reactor-component="x-forgetful"]', 'click')
    await page.waitForFunction(() => document.querySelector('.clicks')?.textContent === '1')
    expect(seen.warnings).to.deep.equal([])
    await page.click('.bad')
    await expectSoon(() => seen.errors.length === 1)
    expect(await page.$(OVERLAY)).to.equal(null)
    await page.close()
  })
})

/** Waits (a few seconds at most) until `condition` holds; fails the spec otherwise. */
async function expectSoon(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 50))
  expect(condition()).to.equal(true)
}
