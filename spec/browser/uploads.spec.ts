// Uploads in a real Chromium under a strict nonce CSP: files checked in the browser before anything is sent,
// sent over HTTP in parts (or in chunks over the page's socket when HTTP is refused) with progress and a
// preview, and handed to the component's handler.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { received, XAvatar } from '../fixtures/upload-components.js'
import { waitForText } from '../support/browser.js'
import { clientSuite, goOffline, goOnline } from '../support/client.js'
import { Proxy } from '../support/proxy.js'
import { until } from '../support/until.js'
import { DirectoryStore } from '../../src/index.js'

/** A store whose next chunk waits while it is held (so that a spec can act while an upload is in flight). */
class HeldStore extends DirectoryStore {
  private gate?: Promise<void>
  waiting = false

  hold(): () => void {
    let release!: () => void
    this.gate = new Promise((resolve) => (release = resolve))
    return () => ((this.gate = undefined), (this.waiting = false), release())
  }

  async append(key: string, offset: number, chunk: Uint8Array): Promise<void> {
    if (this.gate) (this.waiting = true), await this.gate
    return super.append(key, offset, chunk)
  }
}

/** The upload messages the page sent. */
function announced(page: Page): string[] {
  const sent: string[] = []
  page.on('websocket', (ws) => ws.on('framesent', ({ payload }) => typeof payload === 'string' && payload.includes('"t":"up"') && sent.push(payload)))
  return sent
}

const bytes = (size: number) => {
  const buffer = Buffer.alloc(size)
  for (let i = 0; i < size; i++) buffer[i] = i % 251
  return buffer
}

describe('browser: uploads', function () {
  const store = new HeldStore()
  const suite = clientSuite({ components: [XAvatar], uploads: store })
  let proxy: Proxy
  before(async () => {
    proxy = await Proxy.start(suite.node.url)
  })
  after(() => proxy.close())
  beforeEach(() => received.splice(0))
  afterEach(() => proxy.restore())

  /** Resolves once the page has fired `reactor:<name>` on document. */
  const fired = (page: Page, name: string) =>
    page.evaluate((n) => new Promise<void>((resolve) => document.addEventListener(`reactor:${n}`, () => resolve(), { once: true })), name)

  it('cancels an upload in flight: the handler gets nothing, and the next upload goes through', async () => {
    const page = await suite.open('/csp/x-avatar')
    const cancelled = fired(page, 'cancelled')
    const release = store.hold()
    await page.setInputFiles('.avatar', { name: 'first.png', mimeType: 'image/png', buffer: bytes(1_000_000) })
    await until(() => store.waiting, 'the first chunk to arrive')
    await page.click('.cancel')
    await cancelled
    release()
    await page.setInputFiles('.avatar', { name: 'second.png', mimeType: 'image/png', buffer: bytes(300_000) })
    await waitForText(page, '.saved li', 'second.png 300000')
    expect(received.map((r) => r.name)).to.deep.equal(['second.png'])
  })

  it('starts an upload interrupted by a lost connection again after the reconnect, and completes it', async () => {
    const page = await suite.open('/csp/x-avatar', proxy.url)
    const file = bytes(1_200_000)
    const progressed = page.evaluate(() => new Promise<void>((resolve) => document.addEventListener('reactor:progress', (e) => (e as CustomEvent).detail > 0 && resolve())))
    await page.setInputFiles('.avatar', { name: 'again.png', mimeType: 'image/png', buffer: file })
    await progressed
    suite.allowed.push(/^Failed to load resource: net::ERR_/) // the PUT in flight when the network went
    await goOffline(suite, proxy)
    await goOnline(page, proxy)
    await waitForText(page, '.saved li', 'again.png 1200000')
    expect(received).to.have.length(1)
    expect(received[0].bytes.equals(file)).to.equal(true)
  })

  /** Records the fraction sent each time the page fires `reactor:progress`. */
  const recordProgress = (page: Page) =>
    page.evaluate(() => {
      const seen: number[] = ((window as unknown as { progress: number[] }).progress = [])
      document.addEventListener('reactor:progress', (e) => seen.push((e as CustomEvent).detail))
    })
  const progressOf = (page: Page) => page.evaluate(() => (window as unknown as { progress: number[] }).progress)

  it('uploads an image over HTTP in parts with progress and a preview, and the handler gets the whole file', async () => {
    const page = await suite.open('/csp/x-avatar')
    const puts: string[] = []
    page.on('request', (r) => r.method() === 'PUT' && puts.push(new URL(r.url()).searchParams.get('at')!))
    await recordProgress(page)
    const file = bytes(4_500_000)
    await page.setInputFiles('.avatar', { name: 'me.png', mimeType: 'image/png', buffer: file })
    expect(await page.getAttribute('.preview', 'src')).to.match(/^blob:/)
    await waitForText(page, '.saved li', 'me.png 4500000')
    expect(received).to.have.length(1)
    expect(received[0]).to.include({ field: 'avatar', name: 'me.png', type: 'image/png', size: 4_500_000 })
    expect(received[0].bytes.equals(file)).to.equal(true)
    expect(puts).to.deep.equal(['0', '4000000']) // parts of 4 MB
    const progress = await progressOf(page)
    expect(progress[0]).to.equal(0)
    expect(progress.at(-1)).to.equal(1)
    expect(progress).to.include(4_000_000 / 4_500_000)
    expect(progress).to.deep.equal([...progress].sort((a, b) => a - b))
  })

  it('sends the file over the socket, in chunks with progress, when a proxy refuses it over HTTP', async () => {
    const page = await suite.open('/csp/x-avatar')
    let refused = 0
    await page.route('**/upload/**', (route) => (refused++, route.fulfill({ status: 413, body: 'Request Entity Too Large' })))
    suite.allowed.push(/status of 413/)
    await recordProgress(page)
    const file = bytes(1_500_000)
    await page.setInputFiles('.avatar', { name: 'me.png', mimeType: 'image/png', buffer: file })
    await waitForText(page, '.saved li', 'me.png 1500000')
    expect(refused).to.equal(1)
    expect(received[0].bytes.equals(file)).to.equal(true)
    const progress = await progressOf(page)
    expect(progress.at(-1)).to.equal(1)
    expect(progress.filter((p) => p > 0 && p < 1)).to.have.length(5) // 6 chunks of 256 KiB
    expect(progress).to.deep.equal([...progress].sort((a, b) => a - b))
  })

  it('takes two files at once where the rule allows it', async () => {
    const page = await suite.open('/csp/x-avatar')
    await page.setInputFiles('.notes', [
      { name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('first') },
      { name: 'b.txt', mimeType: 'text/plain', buffer: Buffer.from('second!') },
    ])
    await page.waitForFunction(() => document.querySelectorAll('.saved li').length === 2)
    expect(await page.$$eval('.saved li', (items) => items.map((li) => li.textContent))).to.deep.equal(['a.txt 5', 'b.txt 7'])
  })

  for (const [what, selector, files, code, message] of [
    ['a file of the wrong type', '.avatar', [{ name: 'notes.txt', mimeType: 'text/plain', buffer: bytes(10) }], 'upload-wrong-type', 'notes.txt: not image/*'],
    ['a file too large', '.avatar', [{ name: 'big.png', mimeType: 'image/png', buffer: bytes(5_000_001) }], 'upload-too-large', 'big.png: over 5000000 bytes'],
    ['too many files', '.notes', ['a', 'b', 'c'].map((n) => ({ name: `${n}.txt`, mimeType: 'text/plain', buffer: bytes(3) })), 'upload-too-many', 'notes: at most 2 file(s)'],
  ] as const) {
    it(`refuses ${what} in the browser, before sending anything, with a coded error and its message on the page`, async () => {
      let sent: string[] = []
      const page = await suite.open('/csp/x-avatar', undefined, (p) => (sent = announced(p)))
      await page.evaluate(() => document.addEventListener('reactor:error', (e) => ((window as unknown as { code: string }).code = (e as CustomEvent).detail.code)))
      await page.setInputFiles(selector, [...files])
      await page.waitForFunction(() => (window as unknown as { code?: string }).code)
      expect(await page.evaluate(() => (window as unknown as { code: string }).code)).to.equal(code)
      expect(sent).to.deep.equal([])
      expect(received).to.deep.equal([])
      const errors = `${selector}-errors`
      expect(await page.isVisible(errors), 'the refusal shows on the page').to.equal(true)
      expect(await page.textContent(errors)).to.contain(message)
    })
  }

  it('shows a refusal in :upload-errors through renders, and takes it away when an accepted file is chosen', async () => {
    const page = await suite.open('/csp/x-avatar')
    expect(await page.isVisible('.avatar-errors'), 'hidden before any choice').to.equal(false)
    await page.setInputFiles('.avatar', [{ name: 'notes.txt', mimeType: 'text/plain', buffer: bytes(10) }])
    await waitForText(page, '.avatar-errors', 'notes.txt: not image/*')
    await page.setInputFiles('.notes', [{ name: 'a.txt', mimeType: 'text/plain', buffer: bytes(3) }])
    await waitForText(page, '.saved li', 'a.txt 3')
    expect(await page.textContent('.avatar-errors'), 'a render of the component keeps it').to.equal('notes.txt: not image/*')
    await page.setInputFiles('.avatar', [{ name: 'me.png', mimeType: 'image/png', buffer: bytes(1000) }])
    await waitForText(page, '.saved li:nth-child(2)', 'me.png 1000')
    expect(await page.isVisible('.avatar-errors')).to.equal(false)
  })
})
