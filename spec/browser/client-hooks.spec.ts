// Hooks: the DOM events reactor:init / added / updated / leave (what a CSP-strict page listens to), and the
// seed's onreactor-* attributes (JavaScript, for pages that allow inline code). client-page.pug records both.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { waitForText } from '../support/browser.js'
import { clientSuite, takeEvents } from '../support/client.js'

describe('browser client: hooks', function () {
  const suite = clientSuite()
  let page: Page
  let root: string
  let child: string
  beforeEach(async () => {
    page = await suite.open('/c/x-client-hooks')
    root = (await page.getAttribute('[reactor-component="x-client-hooks"]', 'id'))!
    child = `${root}-1`
  })

  const recent = () => takeEvents(page)

  it('init: on each component root and the elements it owns, as events and attributes', async () => {
    const events = await recent()
    for (const e of [`init ${root}`, 'init item-a', 'attr init item-a', 'init item-b', 'attr init item-b', `init ${child}`]) expect(events).to.include(e)
    expect(events.filter((e) => e === `init ${child}`), 'a child is initialised once, by itself').to.have.length(1)
  })

  it('added: on the elements a render adds, and no others', async () => {
    await recent()
    await page.click('.add')
    await page.waitForSelector('#item-c')
    const events = await recent()
    expect(events).to.include.members(['added item-c', 'attr added item-c'])
    expect(events.filter((e) => e.includes('added'))).to.have.length(2)
  })

  it('updated: on the elements a render changes, and not on those it leaves as they were', async () => {
    await recent()
    await page.click('.mark')
    await page.waitForSelector('#item-a.marked')
    const events = await recent()
    expect(events).to.include.members(['updated item-a', 'attr updated item-a', `updated ${root}`])
    expect(events.join()).not.to.contain('item-b')
  })

  it('leave: on a child component the render removes, before it goes (the event reaches the document)', async () => {
    await recent()
    await page.click('.toggle')
    await page.waitForSelector(`[id="${child}"]`, { state: 'detached' })
    const events = await recent()
    expect(events).to.include.members([`leave ${child}`, `attr leave ${child}`])
  })

  it('a child that leaves and comes back under the same id starts afresh, and its events are new ones', async () => {
    const say = (which: string) =>
      page.evaluate(([id, which]) => {
        const { reactor } = window as unknown as { reactor: { send(el: Element, name: string, args: object): void } }
        reactor.send(document.getElementById(id)!, 'echo', { which })
      }, [child, which])
    await say('first life')
    await waitForText(page, '.child-said', 'first life')
    await page.click('.toggle')
    await page.waitForSelector(`[id="${child}"]`, { state: 'detached' })
    await page.click('.toggle')
    await waitForText(page, '.child-said', '')
    await say('second life')
    await waitForText(page, '.child-said', 'second life')
  })

  it("a parent's render keeps its child: the child does not leave, and keeps its own state", async () => {
    await page.click('.child-bump')
    await waitForText(page, '.child-n', '1')
    await recent()
    await page.click('.add')
    await page.waitForSelector('#item-c')
    expect((await recent()).join()).not.to.contain(child)
    expect(await page.textContent('.child-n')).to.equal('1')
    await page.click('.child-bump')
    await waitForText(page, '.child-n', '2')
  })
})
