// The /chat showcase on two nodes over a real Redis, with two users in real Chromium pages: they chat across
// nodes, see each other (and each other typing) and unread counts, an upload shows progress and appears for the
// other, scrolling up loads older messages, and a message sent while the socket is down arrives once.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { useChromium } from '../support/chromium.js'
import { Proxy } from '../support/proxy.js'
import type { Running } from '../support/server.js'
import { useTwoNodes } from '../support/two-nodes.js'

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64')

const texts = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((el) => el.textContent!.trim()))

async function waitFor(page: Page, selector: string, text: string, count = 1): Promise<void> {
  await page
    .waitForFunction(([s, t, n]) => [...document.querySelectorAll(s)].filter((el) => el.textContent!.includes(t)).length === n, [selector, text, count] as const, { timeout: 8000 })
    .catch(async () => expect(await texts(page, selector), `${count} × "${text}" in ${selector}`).to.include(text))
}

async function say(page: Page, text: string): Promise<void> {
  await page.fill('.compose .text', text)
  await page.press('.compose .text', 'Enter')
}

describe('browser: the chat on two nodes', function () {
  const chromium = useChromium()
  const nodes = useTwoNodes()
  let one: Running
  let two: Running
  let proxy: Proxy
  const pages: Page[] = []

  /** `name`'s page of `room` through `base`, once it shows its user here. */
  async function enter(base: string, name: string, room = 'general'): Promise<Page> {
    const page = await chromium.open(`${base}/chat/${room}?name=${name}`)
    pages.push(page)
    await waitFor(page, '.people .name', name)
    return page
  }

  before(async () => {
    ;({ one, two } = nodes)
    proxy = await Proxy.start(one.url)
  })
  after(() => proxy.close())
  afterEach(async () => {
    proxy.restore()
    for (const page of pages.splice(0)) await page.close()
  })

  it('carries messages between users on two nodes, and counts unread ones in the other rooms', async () => {
    const ada = await enter(one.url, 'ada')
    const bob = await enter(two.url, 'bob')
    const cy = await enter(two.url, 'cy', 'random')
    await say(ada, 'hello from ada')
    await waitFor(bob, '.log .message', 'hello from ada')
    await waitFor(cy, '.room .unread', '1')
    await say(bob, 'hi ada, bob here')
    await waitFor(ada, '.log .message', 'hi ada, bob here')
    await waitFor(cy, '.room .unread', '2')
    expect((await texts(ada, '.log .message')).slice(-2)).to.deep.equal(['ada hello from ada', 'bob hi ada, bob here'])
  })

  it('shows who is here and who is typing on every node, and drops one who closes the page', async () => {
    const ada = await enter(one.url, 'ada')
    const bob = await enter(two.url, 'bob')
    await waitFor(ada, '.people .name', 'bob')
    expect(await texts(ada, '.people .name')).to.deep.equal(['ada', 'bob'])
    await bob.type('.compose .text', 'typ')
    await waitFor(ada, '.people .person', 'bob is typing')
    await bob.press('.compose .text', 'Enter')
    await waitFor(ada, '.people .person', 'is typing', 0)
    await bob.close()
    await waitFor(ada, '.people .name', 'bob', 0)
    expect(await texts(ada, '.people .name')).to.deep.equal(['ada'])
  })

  it('uploads an image with progress, shown inline for the other user', async () => {
    const ada = await enter(one.url, 'ada')
    const bob = await enter(two.url, 'bob')
    await ada.evaluate(() => {
      const seen: number[] = ((window as unknown as { progress: number[] }).progress = [])
      document.addEventListener('reactor:progress', (e) => seen.push((e as CustomEvent).detail))
    })
    await ada.setInputFiles('.compose .image', { name: 'dot.png', mimeType: 'image/png', buffer: PNG })
    await bob.waitForSelector('.log img.attachment[alt="dot.png"]')
    await bob.waitForFunction(() => (document.querySelector('.log img.attachment[alt="dot.png"]') as HTMLImageElement).naturalWidth === 1)
    expect(await ada.evaluate(() => (window as unknown as { progress: number[] }).progress)).to.deep.equal([0, 1])
  })

  it('loads older messages when the top of the log scrolls into view', async () => {
    const ada = await enter(one.url, 'ada')
    expect(await ada.locator('.log .message').count()).to.equal(50)
    const firstId = () => ada.$eval('.log .message', (li) => Number(li.id.split('-')[1]))
    const before = await firstId()
    await ada.$eval('.messages', (box) => box.scrollTo(0, -box.scrollHeight))
    await ada.waitForFunction(() => document.querySelectorAll('.log .message').length === 80)
    expect(await firstId()).to.be.below(before)
    expect(await ada.$eval('.log .message .text', (s) => s.textContent)).to.match(/^message \d+ of the archive$/)
  })

  it('delivers a message sent while the socket is down once, after the reconnect', async () => {
    const ada = await enter(proxy.url, 'ada')
    const bob = await enter(two.url, 'bob')
    chromium.allow(/^WebSocket connection to .* failed/)
    proxy.cut()
    await ada.waitForSelector('.reactor-disconnected')
    await say(ada, 'sent while offline')
    proxy.restore()
    await ada.waitForFunction(() => !document.querySelector('.reactor-disconnected'), undefined, { timeout: 15_000 })
    await waitFor(bob, '.log .message', 'sent while offline')
    await say(ada, 'and after it')
    await waitFor(bob, '.log .message', 'and after it')
    await waitFor(bob, '.log .message', 'sent while offline', 1)
    await waitFor(ada, '.log .message', 'sent while offline', 1)
  })
})
