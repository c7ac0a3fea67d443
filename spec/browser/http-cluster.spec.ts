// The fallback on the cluster `make cluster` runs, with nginx refusing WebSocket upgrades (as some corporate
// proxies do): three example nodes behind round robin (no sticky sessions), a real Redis, real Chromium pages.
// Each page's WebSocket is refused, the page goes on over HTTP by itself, and the counter, TodoMVC on two pages,
// presence and an upload work, with the transport's requests (streams and POSTs) landing on all three nodes.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { waitForText } from '../support/browser.js'
import { useChromium } from '../support/chromium.js'
import { Cluster } from '../support/cluster.js'
import { addTodos, expectView } from '../support/todo.js'
import { join } from 'node:path'

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64')

async function waitFor(page: Page, selector: string, text: string, count = 1): Promise<void> {
  await page.waitForFunction(([s, t, n]) => [...document.querySelectorAll(s)].filter((el) => el.textContent!.includes(t)).length === n, [selector, text, count] as const, { timeout: 15_000 })
}

describe('browser: the HTTP fallback on a cluster whose proxy refuses WebSockets', function () {
  this.timeout(120_000)
  const chromium = useChromium()
  let cluster: Cluster
  const pages: Page[] = []
  /** the node (nginx's X-Node) that answered each request of the transport, by method */
  const landed = { GET: new Set<string>(), POST: new Set<string>() }

  async function open(path: string): Promise<Page> {
    chromium.allow(/WebSocket connection to .* failed/)
    const page = await chromium.open(`${cluster.url}${path}`)
    pages.push(page)
    page.on('response', (res) => {
      const method = res.request().method() as 'GET' | 'POST'
      if (new URL(res.url()).pathname === '/__reactor__') landed[method]?.add(res.headers()['x-node'] ?? '?')
    })
    // the WebSocket is refused (twice, the fallback option's default), and the page goes on over HTTP
    await page.waitForSelector('html.reactor-http.reactor-connected', { timeout: 30_000 })
    return page
  }

  before(async () => {
    cluster = await Cluster.start(3, (dir) => ({ UPLOADS_DIR: join(dir, 'uploads') }), { refuseWebSockets: true })
  })
  after(() => cluster?.stop())
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close()
  })

  it('falls back to HTTP by itself, and counts clicks', async () => {
    const page = await open('/counter')
    for (let i = 1; i <= 6; i++) {
      await page.click('.inc')
      await waitForText(page, '.count', String(i))
    }
  })

  it('keeps TodoMVC in sync on two pages', async () => {
    const left = await open('/todo')
    const right = await open('/todo')
    await addTodos(left, 'over http, left')
    await expectView(right, { todos: ['over http, left'] }, 15_000)
    await addTodos(right, 'over http, right')
    await expectView(left, { todos: ['over http, left', 'over http, right'] }, 15_000)
  })

  it('shows who is here, and an upload reaches the other user', async () => {
    const ada = await open('/chat/general?name=ada')
    const bob = await open('/chat/general?name=bob')
    await waitFor(ada, '.people .name', 'bob')
    await waitFor(bob, '.people .name', 'ada')
    await ada.setInputFiles('.compose .image', { name: 'dot.png', mimeType: 'image/png', buffer: PNG })
    await bob.waitForSelector('.log img.attachment[alt="dot.png"]', { timeout: 15_000 })
  })

  it('took the streams and the POSTs on all three nodes', () => {
    const nodes = cluster.ports.map((port) => `127.0.0.1:${port}`).sort()
    expect([...landed.GET].sort(), 'streams').to.deep.equal(nodes)
    expect([...landed.POST].sort(), 'POSTs').to.deep.equal(nodes)
  })
})
