// Client commands: run without a round trip and without eval, kept through the server's renders, chained with
// a server event, and sent by a handler.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { waitForText } from '../support/browser.js'
import { clientSuite } from '../support/client.js'
import { until } from '../support/until.js'

const shown = (page: Page, selector: string) => page.$eval(selector, (el) => !el.hasAttribute('hidden'))
const panel = (page: Page) => page.$eval('#panel', (el) => ({ classes: [...el.classList].sort(), expanded: el.getAttribute('aria-expanded') }))

describe('browser client: client commands', function () {
  const suite = clientSuite()
  let sent: string[]

  async function open(kind = 'c'): Promise<Page> {
    sent = []
    const page = await suite.open(`/${kind}/x-client-commands`, undefined, (p) =>
      p.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(JSON.parse(String(f.payload)).t))),
    )
    await page.waitForSelector('html.reactor-connected')
    return page
  }

  for (const kind of ['c', 'csp']) {
    it(`toggles without a round trip, and the server's next render keeps it (${kind})`, async () => {
      const page = await open(kind)
      await page.click('.menu-btn')
      expect(await shown(page, '#menu')).to.equal(true)
      // (the development client also says it wants live reload's news when it connects: `reload`)
      expect(sent.filter((t) => t !== 'reload'), 'nothing sent').to.deep.equal(['join'])
      await page.click('.bump')
      await waitForText(page, '.n', '1')
      expect(await shown(page, '#menu'), 'the render has `hidden` on it').to.equal(true)
      await page.click('.menu-btn')
      expect(await shown(page, '#menu')).to.equal(false)
    })
  }

  it('sets and removes classes and attributes, and renders keep them beside the classes the server adds', async () => {
    const page = await open()
    await page.click('.open')
    expect(await panel(page)).to.deep.equal({ classes: ['open', 'wide'], expanded: 'true' })
    await page.click('.bump')
    await waitForText(page, '.n', '1')
    expect(await panel(page)).to.deep.equal({ classes: ['open', 'served', 'wide'], expanded: 'true' })
    await page.click('.close')
    for (const n of ['2', '3']) {
      await page.click('.bump')
      await waitForText(page, '.n', n)
    }
    expect(await panel(page), 'the server renders aria-expanded now, the command removed it').to.deep.equal({ classes: ['served'], expanded: null })
  })

  it('runs with a server event on the same element, and pushes one itself', async () => {
    const page = await open()
    const saved = await page.evaluate(() => {
      document.querySelector<HTMLElement>('.both')!.click()
      return !document.querySelector('#saved')!.hasAttribute('hidden')
    })
    expect(saved, 'shown in the click’s task').to.equal(true)
    await waitForText(page, '.n', '1')
    await page.click('.menu-btn')
    await page.click('.push')
    await waitForText(page, '.n', '2')
    expect(await shown(page, '#menu')).to.equal(false)
  })

  it('dispatches a DOM event, focuses, and keeps a transition’s classes for its time only', async () => {
    const page = await open()
    await page.evaluate(() => document.addEventListener('ping', (e) => ((window as unknown as { pinged: unknown }).pinged = (e as CustomEvent).detail)))
    await page.click('.ping')
    expect(await page.evaluate(() => (window as unknown as { pinged: unknown }).pinged)).to.deep.equal({ x: 1 })
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('field')
    const fading = await page.evaluate(() => (document.querySelector<HTMLElement>('.fade')!.click(), document.querySelector('#panel')!.classList.contains('fading')))
    expect(fading).to.equal(true)
    await page.waitForSelector('#panel:not(.fading)')
  })

  it('runs the commands a handler sends with this.js()', async () => {
    const page = await open()
    await page.click('.server')
    await page.waitForSelector('#done:not([hidden])')
    expect((await panel(page)).classes).to.include('from-server')
  })

  it('names an unknown command on the page', async () => {
    const page = await open()
    await page.click('.bad')
    await until(() => suite.errors.length > 0, 'the page error')
    expect(suite.errors.splice(0)).to.deep.equal(['SyntaxError: reactor: no command explode'])
  })
})
