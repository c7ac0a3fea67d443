// The browser specs of the client: one example server with the client fixtures and one Chromium per file,
// a fresh page per spec, and no page errors or console errors allowed unless a spec expects them.
import { expect } from 'chai'
import type { Middleware } from 'koa'
import type { Browser, Page } from 'playwright-core'
import type { ReactorOptions } from '../../src/index.js'
import { clientComponents, clientPages } from '../fixtures/client-components.js'
import { launch } from './browser.js'
import type { Proxy } from './proxy.js'
import { startExample, type Running } from './server.js'

export interface ClientSuite {
  node: Running
  page: Page
  /** page errors and console errors of the current spec; a spec that expects some takes them out */
  errors: string[]
  /** errors the current spec expects (the browser's own, for example a refused socket while offline) */
  allowed: RegExp[]
  /** Opens `path` (for example `/c/x-client-keys`) on `base` (default: the server) in a new page;
   * `prepare` runs on the page before it loads (to listen to its socket, say; awaited). */
  open(path: string, base?: string, prepare?: (page: Page) => unknown): Promise<Page>
}

/** Registers the hooks of a browser spec file; `options` go to the server (the client fixtures are added), `routes` after the client pages. */
export function clientSuite(options: ReactorOptions = {}, routes: Middleware[] = []): ClientSuite {
  const suite = { errors: [] as string[], allowed: [] as RegExp[] } as ClientSuite
  let browser: Browser
  before(async () => {
    suite.node = await startExample({ ...options, components: [...clientComponents, ...(options.components ?? [])] }, { routes: [clientPages, ...routes] })
    browser = await launch()
  })
  after(async () => {
    await browser.close()
    await suite.node.close()
  })
  afterEach(async () => {
    await suite.page?.close()
    const unexpected = suite.errors.splice(0).filter((e) => !suite.allowed.some((pattern) => pattern.test(e)))
    suite.allowed = []
    expect(unexpected).to.deep.equal([])
  })
  suite.open = async (path, base = suite.node.url, prepare) => {
    const page = (suite.page = await browser.newPage())
    await prepare?.(page)
    page.on('pageerror', (e) => suite.errors.push(String(e)))
    page.on('console', (m) => m.type() === 'error' && suite.errors.push(m.text()))
    await page.goto(`${base}${path}`)
    return page
  }
  return suite
}

/** The entries of the fixture's `.log` once it has `count` of them (what the server received, in order). */
export async function logOf(page: Page, count: number): Promise<unknown[]> {
  await page.waitForFunction((n) => document.querySelectorAll('.log li').length >= n, count, { timeout: 5000 })
  return page.$$eval('.log li', (items) => items.map((li) => JSON.parse(li.textContent!)))
}

/** The `which` of each log entry: the name the bindings of x-client-keys send. */
export async function whichOf(page: Page, count: number): Promise<unknown[]> {
  return (await logOf(page, count)).map((entry) => (entry as { which: unknown }).which)
}

/** The reactor:* DOM events (and the attribute hooks) the page recorded since the last call, as "<type> <target>". */
export function takeEvents(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { events: string[] }).events.splice(0))
}

/** Takes the network away and waits until the page shows it (`reactor-disconnected` on `root`). */
export async function goOffline(suite: ClientSuite, proxy: Proxy, root = '[reactor-component]'): Promise<void> {
  const { page } = suite
  suite.allowed.push(/^WebSocket connection to .* failed/)
  proxy.cut()
  await page.waitForSelector(`${root}.reactor-disconnected`)
}

/** Gives the network back and waits until the page has rejoined (`reactor-disconnected` gone everywhere). */
export async function goOnline(page: Page, proxy: Proxy): Promise<void> {
  proxy.restore()
  await page.waitForFunction(() => !document.querySelector('.reactor-disconnected'))
}

