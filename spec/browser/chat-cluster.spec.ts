// The /chat showcase on the cluster `make cluster` runs (three example nodes behind nginx round robin, no
// sticky sessions, a real Redis), with two users in real Chromium pages on different nodes. The node one of
// them is on is killed (SIGKILL) as she sends a message and goes on typing: her page reconnects to another
// node, both drafts stay in their fields, the message shows once on both pages, and she is listed again.
import { expect } from 'chai'
import { Redis } from 'ioredis'
import type { Page } from 'playwright-core'
import { useChromium } from '../support/chromium.js'
import { Cluster } from '../support/cluster.js'
import { until } from '../support/until.js'

const texts = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((el) => el.textContent!.trim()))
const count = async (page: Page, selector: string, text: string) => (await texts(page, selector)).filter((t) => t.includes(text)).length
const draft = (page: Page) => page.inputValue('.compose .text')
const total = (sockets: Map<number, number>) => [...sockets.values()].reduce((a, b) => a + b, 0)

async function shows(page: Page, selector: string, text: string, times = 1): Promise<void> {
  await until(async () => (await count(page, selector, text)) === times, `${times} × "${text}" in ${selector}`, 15_000)
}

describe('browser: the chat on a cluster when a node dies', function () {
  const chromium = useChromium()
  let cluster: Cluster
  let redis: Redis
  const pages: Page[] = []

  before(async () => {
    cluster = await Cluster.start(3)
    redis = new Redis(cluster.redis.url)
  })
  after(async () => {
    redis?.disconnect()
    await cluster?.stop()
  })
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close()
  })

  /** The node holding the one socket opened since `before` (once the page's HTTP requests are done). */
  async function nodeOf(before: Map<number, number>): Promise<number> {
    let port = 0
    await until(() => {
      const now = cluster.sockets()
      const grown = [...now].filter(([p, n]) => n > (before.get(p) ?? 0))
      port = grown.length === 1 && total(now) === total(before) + 1 ? grown[0][0] : 0
      return port > 0
    }, 'the page to hold one socket')
    return port
  }

  /** `name`'s page of #general, on a node not in `avoid` (reloaded until nginx sends its socket to one). */
  async function enter(name: string, avoid: number[] = []): Promise<{ page: Page; node: number }> {
    const before = cluster.sockets()
    const page = await chromium.open(`${cluster.url}/chat/general?name=${name}`)
    pages.push(page)
    for (let tries = 0; ; tries++) {
      await shows(page, '.people .name', name)
      const node = await nodeOf(before)
      if (!avoid.includes(node)) return { page, node }
      if (tries === 8) throw new Error(`nginx put ${name}'s socket on node ${node} eight times`)
      await page.reload()
    }
  }

  it('reconnects the killed node’s page elsewhere, keeps both drafts, shows the message sent as it died once, and lists its user again', async () => {
    const ada = await enter('ada')
    const bob = await enter('bob', [ada.node])
    await ada.page.fill('.compose .text', 'hello bob')
    await ada.page.press('.compose .text', 'Enter')
    await shows(bob.page, '.log .message', 'hello bob')
    await bob.page.type('.compose .text', 'half a reply')
    const entries = await redis.zrange('reactor:presence:{t:chat.general}', '0', '-1')
    expect(entries).to.have.length(2)

    // the message reaches a node that will never answer it: frozen, then killed, with a draft typed after it
    chromium.allow(/^WebSocket connection to .* failed/)
    cluster.freeze(ada.node)
    await ada.page.fill('.compose .text', 'sent as the node dies')
    await ada.page.press('.compose .text', 'Enter')
    await ada.page.type('.compose .text', 'and still typing')
    const survivors = cluster.ports.filter((p) => p !== ada.node)
    await cluster.killNode(ada.node)

    await until(() => survivors.reduce((n, p) => n + (cluster.sockets().get(p) ?? 0), 0) === 2, 'both pages to hold a socket on the other nodes', 15_000)
    await ada.page.waitForFunction(() => !document.documentElement.classList.contains('reactor-disconnected'), undefined, { timeout: 15_000 })
    await shows(bob.page, '.log .message', 'sent as the node dies')
    await shows(ada.page, '.log .message', 'sent as the node dies')
    expect(await draft(ada.page)).to.equal('and still typing')
    expect(await draft(bob.page)).to.equal('half a reply')

    // the dead node's entry expires and is swept; the entry of ada's page on its new node stays
    await until(async () => {
      const now = await redis.zrange('reactor:presence:{t:chat.general}', '0', '-1')
      return now.length === 2 && now.filter((e) => entries.includes(e)).length === 1
    }, 'the dead node’s presence entry to go', 15_000)
    await until(async () => (await texts(bob.page, '.people .name')).sort().join() === 'ada,bob', 'bob to list ada and bob', 15_000)
    expect((await texts(ada.page, '.people .name')).sort()).to.deep.equal(['ada', 'bob'])

    // both drafts still send, and the message sent as the node died is still there once
    await ada.page.press('.compose .text', 'Enter')
    await bob.page.press('.compose .text', 'Enter')
    for (const page of [ada.page, bob.page]) {
      await shows(page, '.log .message', 'and still typing')
      await shows(page, '.log .message', 'half a reply')
      expect(await count(page, '.log .message', 'sent as the node dies')).to.equal(1)
    }
  })
})
