// A handler that fails, in production: the page says so (a notice in the layout's flash(), dismissable, and the
// class reactor-error on the component until its next answer), and an app can turn the notice off.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { waitForText } from '../support/browser.js'
import { clientSuite, type ClientSuite } from '../support/client.js'

const notices = (page: Page) => page.$$eval('[reactor-flash] p', (ps) => ps.map((p) => `${p.className}: ${p.firstChild!.textContent}`))
const send = (page: Page, name: string) => page.evaluate((n) => (window as unknown as { reactor: { send(el: Element, n: string): void } }).reactor.send(document.querySelector('.hits')!, n), name)
const failed = (page: Page) => page.$eval('[reactor-component]', (root) => root.classList.contains('reactor-error'))

async function open(suite: ClientSuite): Promise<Page> {
  const page = await suite.open('/c/x-boom')
  await page.waitForSelector('html.reactor-connected')
  suite.allowed.push(/^reactor: handler-failed: the server could not handle this/)
  return page
}

describe('browser client: a handler that fails in production', function () {
  const suite = clientSuite({ development: false })

  it('shows a notice the user can dismiss, and marks the component reactor-error until its next answer', async () => {
    const page = await open(suite)
    expect(await notices(page)).to.deep.equal([])
    await send(page, 'explode')
    await page.waitForSelector('[reactor-flash] p')
    expect(await notices(page)).to.deep.equal(['flash flash-error: Something went wrong. Please try again.'])
    expect(await failed(page)).to.equal(true)
    expect(await page.textContent('.hits'), 'the state is the one before the event').to.equal('0')
    await page.click('[reactor-flash] .flash-close')
    expect(await notices(page)).to.deep.equal([])
    await send(page, 'hit')
    await waitForText(page, '.hits', '1')
    expect(await failed(page)).to.equal(false)
  })
})

describe('browser client: a handler that fails, with errorNotice: false', function () {
  const suite = clientSuite({ development: false, errorNotice: false })

  it('shows no notice; the component still has reactor-error', async () => {
    const page = await open(suite)
    await send(page, 'explode')
    await page.waitForFunction(() => document.querySelector('[reactor-component]')!.classList.contains('reactor-error'))
    await send(page, 'nothing')
    await page.waitForFunction(() => !document.querySelector('[reactor-component]')!.classList.contains('reactor-error'))
    expect(await notices(page)).to.deep.equal([])
  })
})
