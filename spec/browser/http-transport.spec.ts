// The HTTP transport (transport: 'http', forced) in real Chromium pages, on two example nodes over a real Redis:
// the counter, TodoMVC on two pages in sync, presence and an upload, with no WebSocket opened. The fallback
// through nginx refusing WebSocket upgrades is spec/browser/http-cluster.spec.ts.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { waitForText } from '../support/browser.js'
import { useChromium } from '../support/chromium.js'
import { type Running } from '../support/server.js'
import { useTwoNodes } from '../support/two-nodes.js'
import { addTodos, expectView } from '../support/todo.js'

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64')

async function waitFor(page: Page, selector: string, text: string, count = 1): Promise<void> {
  await page.waitForFunction(([s, t, n]) => [...document.querySelectorAll(s)].filter((el) => el.textContent!.includes(t)).length === n, [selector, text, count] as const, { timeout: 8000 })
}

describe('browser: the HTTP transport (forced), on two nodes', function () {
  const chromium = useChromium()
  const nodes = useTwoNodes({ transport: 'http' })
  let one: Running
  let two: Running
  const pages: Page[] = []
  /** WebSockets the pages opened */
  const sockets: string[] = []

  async function open(url: string): Promise<Page> {
    const page = await chromium.open(url)
    page.on('websocket', (ws) => sockets.push(ws.url()))
    pages.push(page)
    await page.waitForSelector('html.reactor-http.reactor-connected')
    return page
  }

  before(() => ({ one, two } = nodes))
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close()
    expect(sockets.splice(0), 'WebSockets opened').to.deep.equal([])
  })

  it('counts clicks over HTTP, and <html> says so', async () => {
    const page = await open(`${one.url}/counter`)
    await page.click('.inc')
    await waitForText(page, '.count', '1')
    await page.click('.inc')
    await page.click('.inc')
    await waitForText(page, '.count', '3')
    await page.click('.dec')
    await waitForText(page, '.count', '2')
  })

  it('keeps TodoMVC in sync on two pages, one on each node', async () => {
    await one.todos.data.run('DELETE FROM item')
    const left = await open(`${one.url}/todo`)
    const right = await open(`${two.url}/todo`)
    await addTodos(left, 'from the left')
    await expectView(right, { todos: ['from the left'], left: '1 item left', main: true, footer: true })
    await addTodos(right, 'from the right')
    await expectView(left, { todos: ['from the left', 'from the right'], left: '2 items left', main: true, footer: true })
  })

  it('shows who is here (presence) on both nodes, and an upload reaches the other user', async () => {
    const ada = await open(`${one.url}/chat/general?name=ada`)
    const bob = await open(`${two.url}/chat/general?name=bob`)
    await waitFor(ada, '.people .name', 'bob')
    await waitFor(bob, '.people .name', 'ada')
    await ada.setInputFiles('.compose .image', { name: 'dot.png', mimeType: 'image/png', buffer: PNG })
    await bob.waitForSelector('.log img.attachment[alt="dot.png"]')
    await bob.close()
    await waitFor(ada, '.people .name', 'bob', 0)
  })
})
