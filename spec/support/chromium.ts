// One Chromium for a spec file: launched before its specs, closed after them; every page it opens
// reports its errors and console errors, and each spec ends by asserting there were none.
import { expect } from 'chai'
import type { Browser, Page } from 'playwright-core'
import { launch } from './browser.js'

export interface Chromium {
  /** Opens `url` in a new page whose errors are collected. */
  open(url: string): Promise<Page>
}

export function useChromium(): Chromium {
  let browser: Browser
  const errors: string[] = []
  before(async () => {
    browser = await launch()
  })
  after(() => browser.close())
  afterEach(() => expect(errors.splice(0), 'errors in the pages').to.deep.equal([]))
  return {
    async open(url) {
      const page = await browser.newPage()
      page.on('pageerror', (e) => errors.push(String(e)))
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
      await page.goto(url)
      return page
    },
  }
}
