// TodoMVC while an answer is on its way: what the user sees stays consistent, and a click made before the server
// answered is not lost. The proxy holds the server's answers, so the second click lands inside the round trip.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { useChromium } from '../support/chromium.js'
import { Proxy } from '../support/proxy.js'
import { startExample, type Running } from '../support/server.js'
import { addTodos, expectView, todo, viewOf } from '../support/todo.js'

/** Records, as each message arrives on the page's socket, the todos' checkboxes as the page shows them ('101'). */
const RECORD_CHECKBOXES = `
  const Native = WebSocket
  window.seen = []
  window.WebSocket = function (url) {
    const ws = new Native(url)
    ws.addEventListener('message', () => seen.push([...document.querySelectorAll('.todo-list .toggle')].map((b) => b.checked ? 1 : 0).join('')))
    return ws
  }
  window.WebSocket.prototype = Native.prototype
`

describe('browser: TodoMVC with an event in flight', function () {
  const chromium = useChromium()
  let node: Running
  let proxy: Proxy
  let page: Page

  before(async () => {
    node = await startExample()
    proxy = await Proxy.start(node.url)
  })
  after(async () => {
    await proxy.close()
    await node.close()
  })
  beforeEach(async () => {
    await node.todos.data.run('DELETE FROM item')
    page = await chromium.open(`${proxy.url}/todo`)
  })
  afterEach(async () => {
    proxy.release()
    await page.close()
  })

  const checked = () => page.$$eval('.todo-list .toggle', (boxes) => boxes.map((b) => (b as HTMLInputElement).checked))

  it('marks every todo at once on "Mark all as complete", and keeps a todo unchecked right after it', async () => {
    await page.addInitScript(RECORD_CHECKBOXES)
    await page.reload()
    await addTodos(page, 'a', 'b', 'c')
    proxy.hold()
    await page.locator('.toggle-all + label').click()
    expect(await checked(), 'the todos follow the toggle before the server answers').to.deep.equal([true, true, true])
    await todo(page, 'b').locator('.toggle').click()
    expect(await checked()).to.deep.equal([true, false, true])
    const before = await page.evaluate(() => (window as unknown as { seen: string[] }).seen.length)
    proxy.release()
    await expectView(page, { completed: ['a', 'c'], allDone: false, left: '1 item left' })
    // the render of b that the broadcast of "Mark all" brought came while b's own event was in flight: b stayed unchecked
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen)
    expect(seen.slice(before).filter((boxes) => boxes !== '101'), 'what the page showed as each message came').to.deep.equal([])
    expect(await page.reload().then(() => viewOf(page)).then((v) => v.completed)).to.deep.equal(['a', 'c'])
  })

  it('unmarks every todo at once, and keeps a todo checked right after it', async () => {
    await addTodos(page, 'a', 'b', 'c')
    await page.locator('.toggle-all + label').click()
    await expectView(page, { completed: ['a', 'b', 'c'], allDone: true })
    proxy.hold()
    await page.locator('.toggle-all + label').click()
    expect(await checked()).to.deep.equal([false, false, false])
    await todo(page, 'a').locator('.toggle').click()
    proxy.release()
    await expectView(page, { completed: ['a'], allDone: false, left: '2 items left' })
    await page.reload()
    await expectView(page, { completed: ['a'], allDone: false, left: '2 items left' })
  })
})
