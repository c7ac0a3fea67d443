// The documentation site as a reader finds it: built by `make docs`, served as static files, opened in Chromium,
// followed from the home page through the sidebar to the guides and the API reference generated from the TSDoc.
import { expect } from 'chai'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { launch } from '../support/browser.js'
import { ROOT, sh } from '../support/package.js'
import { serveStatic } from '../support/static-server.js'

describe('the documentation site, in Chromium', function () {
  this.timeout(180_000)
  let browser: Browser
  let site: Awaited<ReturnType<typeof serveStatic>>
  let page: Page

  before(async () => {
    await sh(ROOT, 'make', ['-s', 'docs']) // builds the site when a guide, the config or a source file changed
    ;[browser, site] = await Promise.all([launch(), serveStatic(join(ROOT, 'docs', 'site', '.vitepress', 'dist'))])
    page = await browser.newPage()
  })
  after(async () => {
    await browser?.close()
    await site?.close()
  })

  const heading = () => page.textContent('.vp-doc h1')

  it('opens on the home page, whose "Get started" leads to the getting-started guide', async () => {
    await page.goto(site.url)
    expect(await page.textContent('.VPHero .name')).to.contain('koa-reactor')
    await page.click('.VPHero a:has-text("Get started")')
    await page.waitForURL(/\/guide\/getting-started/)
    expect(await heading()).to.contain('Getting started')
  })

  it('follows the sidebar to the guides, each page showing its own title', async () => {
    await page.goto(`${site.url}/guide/getting-started.html`)
    for (const [link, title] of [['Components', 'Components'], ['Forms', 'Forms'], ['Streams', 'Streams'], ['Security', 'Security'],
      ['Coming from LiveView, Livewire, Django Reactor', 'Coming from LiveView']]) {
      await page.locator('.VPSidebar').getByRole('link', { name: link, exact: true }).click()
      await page.waitForFunction((t) => document.querySelector('.vp-doc h1')?.textContent?.includes(t), title)
    }
  })

  it('has no sidebar link that leads nowhere', async () => {
    await page.goto(`${site.url}/guide/components.html`)
    const links = await page.$$eval('.VPSidebar a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href))
    expect(links.length).to.be.greaterThan(14)
    for (const link of links) expect((await page.request.get(link)).status(), link).to.equal(200)
  })

  it('takes a link to another guide\'s section to that heading', async () => {
    await page.goto(`${site.url}/guide/coming-from.html`)
    await page.click('.vp-doc a[href$="events-and-bindings.html#hooks"]')
    await page.waitForURL(/events-and-bindings\.html#hooks$/)
    expect(await page.textContent('h3#hooks, h2#hooks')).to.contain('Hooks')
  })

  it('reaches the API reference from the top bar: the Reactor class with its TSDoc', async () => {
    await page.goto(`${site.url}/guide/getting-started.html`)
    await page.locator('.VPNavBar').getByRole('link', { name: 'API', exact: true }).click()
    await page.waitForURL(/\/api\//)
    await page.locator('.vp-doc').getByRole('link', { name: 'koa-reactor', exact: true }).click()
    await page.locator('.vp-doc').getByRole('link', { name: 'Reactor', exact: true }).click()
    await page.waitForURL(/\/api\/koa-reactor\/classes\/Reactor\.html$/)
    // the URL changes before the page's content does (a client-side route): wait for its heading
    await page.locator('.vp-doc h1', { hasText: 'Reactor' }).waitFor({ timeout: 5000 }).catch(() => {})
    expect(await heading()).to.contain('Reactor')
    expect(await page.textContent('.vp-doc')).to.contain('Renders the Pug page')
  })
})
