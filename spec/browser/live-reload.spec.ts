// Live reload that keeps state, as a user meets it: an app in a temporary folder (a page, a component with its
// template), run as `npm run dev` runs it. Editing the component's template changes the open page in place (no
// navigation: a mark set on `window` survives) with the count, the focus, the scroll and what was typed kept;
// editing the page's template does the same for the page around the component (a counter it gains joins, a script
// it gains runs); a template saved with a mistake shows in the overlay until it is fixed; a restart under `node --watch` with a changed
// class (a new field with a default, a field whose type changed, a handler that uses the new field) rejoins with
// the state that fits and runs the new code.
import { expect } from 'chai'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { waitForText } from '../support/browser.js'
import { freePort } from '../support/free-port.js'
import { useChromium } from '../support/chromium.js'
import { start, writeFiles, type AppProcess } from '../support/package.js'
import { linkPackages } from '../support/readme-blocks.js'
import { until } from '../support/until.js'

/** The app, version 1: a counter with a note (text, in its state) and a field the server knows nothing of. */
const APP = `import Koa from 'koa'
import { Component, Reactor, t } from 'koa-reactor'

class XCounter extends Component {
  static template = 'x-counter'
  static state = { amount: t.int(), note: t.string() }
  static handlers = { inc: {} }

  amount = 0
  note = 'a note'
  inc() {
    this.amount += 1
  }
}

const reactor = new Reactor({ components: [XCounter] })
const app = reactor.attach(new Koa())
app.use((ctx) => ctx.reactor.render('counter', { title: 'Counter' }))

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(\`Open http://127.0.0.1:\${server.address().port}/\`)
})
`

/** Version 2 of the class: \`step\` is new (its default 10), \`note\` is a number now, \`inc\` adds the step. */
const APP_V2 = APP.replace('note: t.string() }', 'note: t.int(), step: t.int() }')
  .replace("note = 'a note'", 'note = 0\n  step = 10')
  .replace('this.amount += 1', 'this.amount += this.step')

const page = (heading: string) => `doctype html
html
  head
    title= title
    != reactorHeader()
  body
    h1 ${heading}
    input#outside(placeholder="not a component's")
    != component('x-counter', {})
    div(style="height: 3000px")
`

const counter = (label: string) => `div
  label ${label}
  span.count= amount
  button(@click="inc") +1
  textarea.draft
  input.typed(placeholder="type here")
`

describe('browser: live reload keeps the state of open pages', function () {
  this.timeout(60_000)
  const chromium = useChromium()
  let dir: string
  let app: AppProcess | undefined
  let opened: Page | undefined
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'koa-reactor-live-reload-'))
    writeFiles(dir, new Map([['app.mjs', APP], ['views/counter.pug', page('A live counter')], ['views/x-counter.pug', counter('Count')]]))
    linkPackages(dir)
  })
  afterEach(async () => {
    await opened?.close() // before its server stops: a page left open would try to reconnect
    await app?.stop()
    app = undefined
    rmSync(dir, { recursive: true, force: true })
  })

  /** The page at 3 clicks, with text typed in the component's fields (the last keeps the focus), scrolled down a little. */
  async function atThree(url: string): Promise<Page> {
    const tab = (opened = await chromium.open(url))
    await tab.waitForSelector('html.reactor-connected')
    await tab.evaluate(() => ((window as unknown as { mark: number }).mark = 1))
    for (const n of ['1', '2', '3']) await tab.click('button').then(() => waitForText(tab, '.count', n))
    await tab.fill('input#outside', 'outside')
    await tab.fill('textarea.draft', 'a draft')
    await tab.fill('input.typed', 'typed text')
    await tab.evaluate(() => scrollTo(0, 300))
    return tab
  }

  /** What the user would check: no navigation happened, the count and the fields are as they were. */
  async function kept(tab: Page, count: string): Promise<void> {
    expect(await tab.evaluate(() => (window as unknown as { mark?: number }).mark), 'no navigation').to.equal(1)
    expect(await tab.textContent('.count')).to.equal(count)
    expect(await tab.inputValue('input.typed')).to.equal('typed text')
    expect(await tab.inputValue('textarea.draft'), 'a field without the focus').to.equal('a draft')
    expect(await tab.inputValue('input#outside')).to.equal('outside')
    expect(await tab.evaluate(() => scrollY), 'the scroll').to.equal(300)
  }

  it("a component's template or a page's template edited: the open page changes in place, its state kept", async () => {
    app = await start(dir, 'node', ['app.mjs'])
    const tab = await atThree(app.url)
    // the label's text and its class change (a render that is not text only: morphed whole)
    writeFileSync(join(dir, 'views/x-counter.pug'), counter('Total').replace('label', 'label.edited'))
    await waitForText(tab, 'label', 'Total')
    await tab.waitForSelector('label.edited')
    await kept(tab, '3')
    expect(await tab.evaluate(() => document.activeElement?.className), 'the focus stays').to.equal('typed')
    // the page's own template
    await tab.evaluate(() => ((document.querySelector('[reactor-component]') as unknown as { mark: number }).mark = 1))
    // (with a second counter, new, and a script of the page's)
    const edited = page('An edited counter').replace("    div(style", "    != component('x-counter', {})\n    script.\n      window.ran = (window.ran || 0) + 1\n    div(style")
    writeFileSync(join(dir, 'views/counter.pug'), edited)
    await waitForText(tab, 'h1', 'An edited counter')
    await kept(tab, '3')
    expect(await tab.$$eval('.count', (counts) => counts.map((c) => c.textContent))).to.deep.equal(['3', '0'])
    expect(await tab.evaluate(() => (window as unknown as { ran?: number }).ran), "the page's new script ran once").to.equal(1)
    await tab.locator('button').nth(1).click() // the new counter joined: it counts
    await until(async () => (await tab.locator('.count').nth(1).textContent()) === '1', 'the new counter to count')
    expect(await tab.evaluate(() => (document.querySelector('[reactor-component]') as unknown as { mark?: number }).mark), 'the same component element').to.equal(1)
    // and the component goes on with the new template
    await tab.click('button')
    await waitForText(tab, '.count', '4')
    expect(await tab.textContent('label')).to.equal('Total')
  })

  it('a template saved with a mistake: the overlay says what is wrong; saved again fixed, the page goes on with its state', async () => {
    app = await start(dir, 'node', ['app.mjs'])
    const tab = await atThree(app.url)
    chromium.allow(/rendering #rx-[\w-]+ failed|500/) // the console's side of the overlay's message
    writeFileSync(join(dir, 'views/x-counter.pug'), counter('Count').replace('span.count= amount', 'span.count= amount(('))
    await tab.waitForSelector('[reactor-overlay]')
    expect(await tab.textContent('[reactor-overlay]')).to.contain('x-counter').and.to.contain('x-counter.pug')
    writeFileSync(join(dir, 'views/counter.pug'), page('A broken page').replace('    h1', '    h1(('))
    await until(async () => (await tab.textContent('[reactor-overlay]'))!.includes('answered 500 to live reload'), 'the page to say so')
    writeFileSync(join(dir, 'views/counter.pug'), page('A fixed page'))
    writeFileSync(join(dir, 'views/x-counter.pug'), counter('Fixed'))
    await waitForText(tab, 'label', 'Fixed')
    await waitForText(tab, 'h1', 'A fixed page')
    await kept(tab, '3')
  })

  it('a restart under node --watch with a changed class: the page rejoins with its state and runs the new code', async () => {
    app = await start(dir, 'node', ['--watch', 'app.mjs'], { PORT: String(await freePort()) })
    chromium.allow(/ERR_CONNECTION_REFUSED/) // while the app restarts
    const tab = await atThree(app.url)
    writeFileSync(join(dir, 'app.mjs'), APP_V2)
    await until(() => app!.output().split('Open http').length > 2, 'the app to restart')
    // the page rejoins: the class's new version takes the count it had; a click runs the new inc (+ step, 10)
    await until(() => tab.evaluate(() => document.documentElement.classList.contains('reactor-connected')), 'the page to rejoin')
    await tab.click('button')
    await waitForText(tab, '.count', '13')
    expect(await tab.evaluate(() => (window as unknown as { mark?: number }).mark), 'no navigation').to.equal(1)
    expect(await tab.inputValue('input.typed')).to.equal('typed text')
    expect(app.output(), 'the field that could not be kept is said').to.match(/x-counter changed since the open pages were rendered: their "note" \("a note"\) does not fit/)
  })
})
