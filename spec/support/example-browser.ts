// A browser spec on the example app: the app and Chromium once for the file, a context for each test, and what the
// pages report (an uncaught error, an error on the console) failing the test that opened them.
import { expect } from 'chai'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launch } from './browser.js'
import { startExample, type Running } from './server.js'

export interface ExampleBrowser {
  node: Running
  browser: Browser
  /** this test's context: closed after it */
  context: BrowserContext
  /** Opens `path` of the example in a new page of this test's context (or `within`'s); `sent` collects the events
   * the page sends over its socket, by handler name; `ignore`: console errors the test expects. */
  open(path: string, options?: { within?: BrowserContext; sent?: string[]; ignore?: RegExp }): Promise<Page>
}

export function useExampleBrowser(): ExampleBrowser {
  const errors: string[] = []
  const suite = {
    async open(path, { within = suite.context, sent, ignore } = {}) {
      const page = await within.newPage()
      if (sent) eventsSentBy(page, sent)
      page.on('pageerror', (e) => errors.push(String(e)))
      page.on('console', (m) => m.type() === 'error' && !ignore?.test(m.text()) && errors.push(m.text()))
      await page.goto(`${suite.node.url}${path}`)
      return page
    },
  } as ExampleBrowser
  before(async () => {
    suite.node = await startExample()
    suite.browser = await launch()
  })
  after(async () => {
    await suite.browser.close()
    await suite.node.close()
  })
  beforeEach(async () => {
    suite.context = await suite.browser.newContext()
  })
  afterEach(async () => {
    await suite.context.close()
    expect(errors.splice(0)).to.deep.equal([])
  })
  return suite
}

/** Collects in `sent` the events `page` sends over its sockets from now on, by handler name. */
export function eventsSentBy(page: Page, sent: string[] = []): string[] {
  page.on('websocket', (ws) => ws.on('framesent', ({ payload }) => {
    const m = JSON.parse(String(payload))
    if (m.t === 'ev') sent.push(m.n)
  }))
  return sent
}
