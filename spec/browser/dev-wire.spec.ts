// The wire in development (reactor.dev.js): `reactor.latency(ms)` holds every message back `ms` each way, in
// order, so a developer sees the page as on a slow network; `reactor.debug(true)` logs each message and its size.
// Time is the page's fake clock (Playwright's): the delays are counted on it, not measured.
import { expect } from 'chai'
import type { Context, Next } from 'koa'
import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { launch, waitForText } from '../support/browser.js'
import { startExample, type Running } from '../support/server.js'
import { until } from '../support/until.js'

interface Reactor {
  latency(ms?: unknown): number
  debug(on?: unknown): boolean
}

const COUNT = '[reactor-component="x-counter"] .count'
const reactor = (page: Page) => page.evaluate(() => ({ latency: (window as unknown as { reactor: Reactor }).reactor.latency(), debug: (window as unknown as { reactor: Reactor }).reactor.debug() }))

describe('browser: the wire in development (latency simulator, wire log)', function () {
  let node: Running
  let browser: Browser
  before(async () => {
    // /slow: /two in a layout whose <html> asks for a latency
    const slow = async (ctx: Context, next: Next) => {
      if (ctx.path !== '/slow') return next()
      await ctx.render('two.pug')
      ctx.body = String(ctx.body).replace('<html', '<html data-reactor-latency="200"')
    }
    node = await startExample({ development: true }, { routes: [slow] })
    browser = await launch()
  })
  after(async () => {
    await browser.close()
    await node.close()
  })

  /** `path` (/two: a counter at 5) on a page whose clock is fake; `logs` collects the console's. */
  async function open(path = '/two'): Promise<{ page: Page; logs: string[] }> {
    const page = await browser.newPage()
    const logs: string[] = []
    page.on('console', (m) => logs.push(m.text()))
    await page.clock.install()
    await page.goto(node.url + path)
    await page.waitForSelector('html.reactor-connected')
    return { page, logs }
  }

  /**
   * Clicks `+` with the clock stopped, and runs it on (by 50 ms steps) until the count shows `count`: how many fake
   * milliseconds that took, and whether the component showed the event in flight meanwhile.
   */
  async function clickAndCount(page: Page, count: string): Promise<{ ms: number; loading: boolean }> {
    await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000))
    const start = await page.evaluate(() => Date.now())
    await page.click('[reactor-component="x-counter"] button.inc')
    const loading = await page.$eval('[reactor-component="x-counter"]', (el) => el.hasAttribute('reactor-loading'))
    await until(async () => (await page.textContent(COUNT)) === count || (await page.clock.runFor(50), false), `the count ${count}`)
    return { ms: (await page.evaluate(() => Date.now())) - start, loading }
  }

  it('reactor.latency(300): the click is sent 300 ms later, its answer shown 300 ms after it came; 0 stops it', async () => {
    const { page, logs } = await open()
    expect(await page.evaluate(() => (window as unknown as { reactor: Reactor }).reactor.latency(300))).to.equal(300)
    expect(logs).to.include('reactor: every message is delayed 300 ms each way in this tab; reactor.latency(0) stops it')
    const slow = await clickAndCount(page, '6')
    expect(slow.ms).to.be.at.least(600)
    expect(slow.loading).to.equal(true)
    // no latency: the answer shows while the clock stands still
    await page.evaluate(() => (window as unknown as { reactor: Reactor }).reactor.latency(0))
    const start = await page.evaluate(() => Date.now())
    await page.click('[reactor-component="x-counter"] button.inc')
    await waitForText(page, COUNT, '7')
    expect(await page.evaluate(() => Date.now())).to.equal(start)
    await page.close()
  })

  it('lasts for the tab: a reload keeps it, and says so', async () => {
    const { page, logs } = await open()
    await page.evaluate(() => (window as unknown as { reactor: Reactor }).reactor.latency(250))
    await page.reload()
    await page.waitForSelector('html.reactor-connected')
    expect(await reactor(page)).to.deep.equal({ latency: 250, debug: false })
    expect(logs).to.include('reactor: every message is delayed 250 ms each way; reactor.latency(0) stops it')
    expect((await clickAndCount(page, '6')).ms).to.be.at.least(500)
    await page.close()
  })

  it('<html data-reactor-latency="200"> in the layout sets it for its pages', async () => {
    const { page } = await open('/slow')
    expect(await reactor(page)).to.deep.equal({ latency: 200, debug: false })
    expect((await clickAndCount(page, '6')).ms).to.be.at.least(400)
    await page.close()
  })

  it('reactor.debug(true) logs each message both ways with its bytes; debug(false) stops', async () => {
    const { page, logs } = await open()
    await page.evaluate(() => (window as unknown as { reactor: Reactor }).reactor.debug(true))
    await page.click('[reactor-component="x-counter"] button.inc')
    await waitForText(page, COUNT, '6')
    const wire = logs.filter((l) => l.startsWith('reactor ↑') || l.startsWith('reactor ↓'))
    const up = wire.find((l) => l.startsWith('reactor ↑'))!
    const down = wire.find((l) => l.startsWith('reactor ↓'))!
    for (const line of [up, down]) {
      const [, bytes, frame] = /^reactor . (\d+) B (.*)$/.exec(line)!
      expect(Number(bytes)).to.equal(Buffer.byteLength(frame))
    }
    expect(JSON.parse(/ B (.*)$/.exec(up)![1])).to.include({ t: 'ev', n: 'inc' })
    expect(JSON.parse(/ B (.*)$/.exec(down)![1])).to.have.property('q', 1)
    await page.evaluate(() => (window as unknown as { reactor: Reactor }).reactor.debug(false))
    const before = logs.length
    await page.click('[reactor-component="x-counter"] button.inc')
    await waitForText(page, COUNT, '7')
    expect(logs.slice(before).filter((l) => /^reactor [↑↓]/.test(l))).to.deep.equal([])
    await page.close()
  })

  it('a bad value is refused, saying what it takes', async () => {
    const { page } = await open()
    const error = await page.evaluate(() => {
      try {
        ;(window as unknown as { reactor: Reactor }).reactor.latency('300')
      } catch (e) {
        return String(e)
      }
    })
    expect(error).to.equal('TypeError: reactor.latency(ms): ms is the delay each way in milliseconds, 0 to stop; not 300')
    expect(await reactor(page)).to.deep.equal({ latency: 0, debug: false })
    await page.close()
  })

  it('is in the development bundle only', () => {
    expect(readFileSync('public/dist/reactor.dev.js', 'utf8')).to.include('reactorLatency')
    expect(readFileSync('public/dist/reactor.js', 'utf8')).not.to.include('reactorLatency')
  })
})
