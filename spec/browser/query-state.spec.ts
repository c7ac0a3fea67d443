// State in the URL: `static query` fields move the URL when a handler changes them (replace or push), and a
// loaded or shared URL mounts the component with them, validated with the fields' types.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { XQuery } from '../fixtures/query.js'
import { waitForText } from '../support/browser.js'
import { clientSuite } from '../support/client.js'
import { addTodos, expectView } from '../support/todo.js'

const where = (page: Page) =>
  page.evaluate(() => ({ search: location.search, entries: history.length, same: (window as unknown as { mark?: number }).mark === 1 }))

describe('browser client: state in the URL', function () {
  const suite = clientSuite({ components: [XQuery] })

  for (const kind of ['c', 'csp']) {
    it(`a handler's change moves the URL without a load: replace for q, a new entry for page (${kind})`, async () => {
      const page = await suite.open(`/${kind}/x-query`)
      await page.waitForSelector('html.reactor-connected')
      await page.evaluate(() => ((window as unknown as { mark: number }).mark = 1))
      const { entries } = await where(page)
      await page.fill('.q', 'tea')
      await waitForText(page, '.shown', 'tea page 1')
      expect(await where(page)).to.deep.equal({ search: '?q=tea', entries, same: true })
      await page.click('.next')
      await waitForText(page, '.shown', 'tea page 2')
      expect(await where(page)).to.deep.equal({ search: '?q=tea&page=2', entries: entries + 1, same: true })
      await page.click('.first')
      await waitForText(page, '.shown', 'tea page 1')
      expect((await where(page)).search, 'back to the default: the parameter goes').to.equal('?q=tea')
    })
  }

  it('a loaded or shared URL mounts the component with its values, coerced to the fields’ types', async () => {
    const page = await suite.open('/c/x-query?q=green+tea&page=3')
    expect(await page.textContent('.shown')).to.equal('green tea page 3')
    await page.click('.next')
    await waitForText(page, '.shown', 'green tea page 4')
    await page.reload()
    expect(await page.textContent('.shown')).to.equal('green tea page 4')
  })

  it('leaves out a value that is not of the field’s type', async () => {
    const page = await suite.open('/c/x-query?q=tea&page=three')
    expect(await page.textContent('.shown')).to.equal('tea page 1')
  })

  it('TodoMVC keeps its filter in the URL: reload, a shared link, Back, and a bad value', async () => {
    await suite.node.todos.add('open')
    const page = await suite.open('/todo')
    await page.waitForSelector('html.reactor-connected')
    await addTodos(page, 'new')
    await page.locator('.filters a', { hasText: 'Active' }).click()
    await page.waitForURL('**/todo?filter=active')
    await expectView(page, { filter: 'Active' })
    const shared = await page.context().browser()!.newPage() // another browser's session: a shared link
    await shared.goto(page.url())
    await expectView(shared, { filter: 'Active' })
    await shared.close()
    await page.locator('.filters a', { hasText: 'All' }).click()
    await page.waitForURL((url) => url.pathname === '/todo' && url.search === '')
    await page.goBack()
    await expectView(page, { filter: 'Active' })
    await page.goto(`${suite.node.url}/todo?filter=bogus`)
    await expectView(page, { filter: 'All' })
  })
})
