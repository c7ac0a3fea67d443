// `:disable` on a form's elements while its submit event is in flight, and `:disable-with`.
import { expect } from 'chai'
import type { Browser, Page } from 'playwright-core'
import { gate } from '../fixtures/client-components.js'
import { devComponents, devPages } from '../fixtures/dev-components.js'
import { launch, waitForText } from '../support/browser.js'
import { startExample, type Running } from '../support/server.js'

describe('browser: :disable and :disable-with on a form', function () {
  let node: Running
  let browser: Browser
  let page: Page
  const errors: string[] = []
  /** the handler names of the events the page sent */
  let sent: string[] = []
  before(async () => {
    node = await startExample({ components: devComponents }, { routes: [devPages] })
    browser = await launch()
  })
  after(async () => {
    gate.open()
    await browser.close()
    await node.close()
  })
  beforeEach(async () => {
    page = await browser.newPage()
    page.on('pageerror', (e) => errors.push(String(e)))
    sent = []
    page.on('websocket', (ws) => ws.on('framesent', ({ payload }) => {
      const m = JSON.parse(String(payload))
      if (m.t === 'ev') sent.push(m.n)
    }))
    await page.goto(`${node.url}/dev/submit`)
    await page.waitForFunction(() => (window as unknown as { reactor?: object }).reactor)
    gate.close()
  })
  afterEach(async () => {
    gate.open()
    await page.close()
    expect(errors.splice(0)).to.deep.equal([])
  })

  const state = () =>
    page.evaluate(() => {
      const save = document.querySelector<HTMLButtonElement>('.save')!
      const send = document.querySelector<HTMLInputElement>('.send')!
      const note = document.querySelector<HTMLInputElement>('[name=note]')!
      return { save: save.innerHTML, saveDisabled: save.disabled, send: send.value, note: note.disabled }
    })

  it('three quick clicks on the submit button, then Enter, send one event; its text says so meanwhile, and comes back', async () => {
    await page.fill('[name=note]', 'hello')
    for (let i = 0; i < 3; i++) await page.click('.save', { noWaitAfter: true, force: true })
    expect(await state()).to.deep.equal({ save: 'Saving…', saveDisabled: true, send: 'Sending…', note: true })
    // the form's default button is disabled: Enter in a field submits nothing either
    await page.press('[name=title]', 'Enter')
    gate.open()
    await waitForText(page, '.saved', '1')
    expect(sent).to.deep.equal(['save'])
    expect(await state()).to.deep.equal({ save: '<b>Save</b>', saveDisabled: false, send: 'Send', note: false })
    await page.click('.send')
    await waitForText(page, '.saved', '2')
  })

  it(':disable-with on a button outside any form', async () => {
    await page.click('.alone')
    expect(await page.$eval('.alone', (b) => [b.textContent, (b as HTMLButtonElement).disabled])).to.deep.equal(['Working…', true])
    expect(await state(), 'the form is not in flight').to.deep.include({ saveDisabled: false, note: false })
    gate.open()
    await waitForText(page, '.saved', '1')
    expect(await page.$eval('.alone', (b) => [b.textContent, (b as HTMLButtonElement).disabled])).to.deep.equal(['Go', false])
  })
})
