// A deploy stops a node: two example nodes behind nginx round robin (as `make cluster` runs them, a real Redis,
// real Chromium). The node that holds the page's socket gets SIGTERM: it closes the socket telling the page to
// reconnect (close code 1012, within the window), exits, and the page goes on on the other node with its state;
// a click made while it was disconnected is applied once, after the reconnect.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { useChromium } from '../support/chromium.js'
import { Cluster } from '../support/cluster.js'
import { until } from '../support/until.js'

const count = (page: Page) => page.$eval('.count', (el) => el.textContent)
const alive = (pid: number) => {
  try {
    return process.kill(pid, 0)
  } catch {
    return false
  }
}

describe('a node stopped by a deploy (SIGTERM, two nodes behind nginx)', function () {
  this.timeout(60_000)
  const chromium = useChromium()
  let cluster: Cluster
  before(async () => {
    cluster = await Cluster.start(2)
  })
  after(() => cluster?.stop())

  it('tells its page to reconnect; the page goes on on the other node with its state, losing no click', async () => {
    const page = await chromium.open('about:blank')
    // the close codes the page's sockets get, and whether the page showed itself disconnected
    await page.addInitScript(() => {
      const spy = window as unknown as { closes: number[]; down?: boolean }
      spy.closes = []
      const Native = WebSocket
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols)
          this.addEventListener('close', (e) => spy.closes.push(e.code))
        }
      } as typeof WebSocket
      addEventListener('DOMContentLoaded', () => {
        const html = document.documentElement
        new MutationObserver(() => html.classList.contains('reactor-disconnected') && (spy.down = true)).observe(html, { attributes: true })
      })
    })
    await page.goto(`${cluster.url}/counter`)
    await page.waitForSelector('html.reactor-connected')
    for (let i = 1; i <= 3; i++) {
      await page.click('button.inc')
      await page.waitForFunction((n) => document.querySelector('.count')?.textContent === String(n), i)
    }
    await until(() => cluster.holding().length === 1, 'the page to hold one socket')
    const [first] = cluster.holding()
    const other = cluster.ports.find((p) => p !== first)!
    const pid = cluster.pid(first)
    process.kill(pid, 'SIGTERM')
    await page.waitForFunction(() => (window as unknown as { down?: boolean }).down === true)
    await page.click('button.inc') // while disconnected: kept, and sent once the page is back
    await page.waitForSelector('html.reactor-connected', { timeout: 15_000 })
    await page.waitForFunction(() => document.querySelector('.count')?.textContent === '4')
    await page.click('button.inc')
    await page.waitForFunction(() => document.querySelector('.count')?.textContent === '5')
    expect(await count(page)).to.equal('5')
    expect(await page.evaluate(() => (window as unknown as { closes: number[] }).closes), 'told to reconnect: 1012, service restart').to.deep.equal([1012])
    expect(cluster.holding(), 'the socket is on the other node').to.deep.equal([other])
    await until(() => !alive(pid), 'the stopped node to exit')
  })
})
