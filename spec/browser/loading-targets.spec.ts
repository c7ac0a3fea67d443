// Loading targets: elements that show, take classes or are disabled while their component's events (of
// given handlers, or any) are in flight, marked in the same task as the click.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { gate } from '../fixtures/client-components.js'
import { waitForText } from '../support/browser.js'
import { clientSuite } from '../support/client.js'

/** What the user sees of the targets: which are shown, the box's classes, whether `.guarded` is disabled. */
function seen(page: Page, click?: string) {
  return page.evaluate((selector) => {
    // clicked from the page: what is read next happens in the same task, before any frame is drawn
    if (selector) document.querySelector<HTMLElement>(selector)!.click()
    const shown = ['.any', '.saving', '.waiting'].filter((s) => document.querySelector<HTMLElement>(s)!.checkVisibility())
    const box = [...document.querySelector('.box')!.classList].sort()
    return { shown, box, guarded: document.querySelector<HTMLButtonElement>('.guarded')!.disabled }
  }, click)
}

const idle = { shown: [], box: ['box'], guarded: false }

describe('browser client: loading targets', function () {
  const suite = clientSuite()
  afterEach(() => gate.open())

  for (const kind of ['c', 'csp']) {
    it(`marks the targets of the handler in flight in the same task as the click, and clears them on the answer (${kind})`, async () => {
      const page = await suite.open(`/${kind}/x-client-loading`)
      await page.waitForSelector('html.reactor-connected')
      expect(await seen(page), 'nothing in flight').to.deep.equal(idle)
      gate.close()
      expect(await seen(page, '.save')).to.deep.equal({ shown: ['.any', '.saving'], box: ['box', 'busy', 'dim'], guarded: true })
      gate.open()
      await waitForText(page, '.n', '1')
      expect(await seen(page)).to.deep.equal(idle)
    })
  }

  it('leaves the targets of other handlers alone', async () => {
    const page = await suite.open('/c/x-client-loading')
    await page.waitForSelector('html.reactor-connected')
    gate.close()
    expect(await seen(page, '.other')).to.deep.equal({ shown: ['.any', '.waiting'], box: ['box'], guarded: false })
    gate.open()
    await page.waitForSelector('.waiting', { state: 'hidden' })
    expect(await seen(page)).to.deep.equal(idle)
  })
})
