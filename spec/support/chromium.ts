// One Chromium for a spec file: launched before its specs, closed after them; every page it opens
// reports its errors and console errors, and each spec ends by asserting there were none.
import { expect } from 'chai'
import type { Browser, Page } from 'playwright-core'
import { launch } from './browser.js'

export interface Chromium {
  /** Opens `url` in a new page whose errors are collected. */
  open(url: string): Promise<Page>
  /** Lets the current spec's pages log errors matching `pattern` (a refused socket while offline, say). */
  allow(pattern: RegExp): void
}

export function useChromium(): Chromium {
  let browser: Browser
  const errors: string[] = []
  let allowed: RegExp[] = []
  before(async () => {
    browser = await launch()
  })
  after(() => browser.close())
  afterEach(() => {
    const unexpected = errors.splice(0).filter((e) => !allowed.some((pattern) => pattern.test(e)))
    allowed = []
    expect(unexpected, 'errors in the pages').to.deep.equal([])
  })
  return {
    allow: (pattern) => void allowed.push(pattern),
    async open(url) {
      const page = await browser.newPage()
      page.on('pageerror', (e) => errors.push(String(e)))
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
      await page.goto(url)
      return page
    },
  }
}
