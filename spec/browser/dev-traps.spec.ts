// The silent traps where the developer is looking: the development overlay in Chromium shows a handler that
// changed a field the token does not carry, a template edited to read a name nothing defines (with its file and
// line), and a page served by a server of your own that the component socket is not bound to.
import { expect } from 'chai'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import Koa from 'koa'
import type { Browser, Page } from 'playwright-core'
import { Reactor } from '../../src/index.js'
import { devComponents, devPages, XCareful, XForgetful } from '../fixtures/dev-components.js'
import { CORRECT, MISSPELT, removeTypoFolder, typoPage, writeTypo, XTypo } from '../fixtures/typo.js'
import { launch, waitForText } from '../support/browser.js'
import { SECRET, startExample, type Running } from '../support/server.js'

const OVERLAY = '[reactor-overlay]'

describe('browser: the silent traps in the development overlay', function () {
  let node: Running
  let browser: Browser
  let page: Page
  before(async () => {
    writeTypo(CORRECT)
    node = await startExample({ development: true, components: [...devComponents, XTypo] }, { routes: [devPages, typoPage] })
    browser = await launch()
  })
  after(async () => {
    await browser?.close()
    await node?.close()
    removeTypoFolder()
  })
  beforeEach(async () => (page = await browser.newPage()))
  afterEach(() => page.close())

  /** The overlay's entries once it has `count`: [title, message]. */
  async function overlay(count = 1): Promise<string[][]> {
    await page.waitForFunction(([s, n]) => document.querySelectorAll(`${s} section`).length >= (n as number), [OVERLAY, count] as const)
    return page.$$eval(`${OVERLAY} section`, (sections) => sections.map((s) => [s.querySelector('b')!.textContent!, s.querySelector('pre')!.textContent!]))
  }

  it('a handler that changed a field not in static state', async () => {
    await page.goto(`${node.url}/dev/stash`)
    await page.click('.remember')
    await waitForText(page, '.note', 'remembered 1')
    expect(await overlay()).to.deep.equal([[
      'x-stash.remember · undeclared-state',
      'x-stash.remember changed "note", which is not in static state: the next event resets it. Declare it in static state, or compute it in a getter.',
    ]])
  })

  it('a template edited to read a name nothing defines: its file and line, and the name meant', async () => {
    writeTypo(CORRECT)
    await page.goto(`${node.url}/typo`)
    writeTypo(MISSPELT)
    await page.click('.inc')
    const [[title, message]] = await overlay()
    expect(title).to.equal('x-typo · server-error')
    expect(message).to.match(/x-typo\.pug:2: the template of XTypo reads "amonut", which is not a field of XTypo, a local of the template or a helper, so it would render empty \(did you mean "amount"\?\)/)
    writeTypo(CORRECT)
  })

  it('a page served by a server of your own the socket is not bound to', async () => {
    const reactor = new Reactor({ secret: SECRET, views: fileURLToPath(new URL('../fixtures/views', import.meta.url)), components: [XForgetful, XCareful], logger: { warn() {}, error() {} } })
    const app = reactor.attach(new Koa())
    app.use((ctx) => ctx.reactor.render('dev-props.pug'))
    const server = createServer(app.callback())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
      const [[title, message]] = await overlay()
      expect(title).to.equal('reactor · socket-not-bound')
      expect(message).to.match(/^koa-reactor: page dev-props\.pug renders components, but no server serves the component socket \(\/__reactor__\), so none of them is live; .*call reactor\.listen\(server\) once it is made/)
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })
})
