import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { useChromium } from '../support/chromium.js'
import { startExample, type Running } from '../support/server.js'
import { addTodos, expectView, todo } from '../support/todo.js'

describe('browser: TodoMVC (the app-spec)', function () {
  const chromium = useChromium()
  let node: Running
  let page: Page

  before(async () => {
    node = await startExample()
  })
  after(() => node.close())
  beforeEach(async () => {
    await node.todos.data.run('DELETE FROM item')
    page = await chromium.open(`${node.url}/todo`)
  })
  afterEach(() => page.close())

  it('is styled by todomvc-app-css and hides main and footer while there are no todos', async () => {
    expect(await page.locator('h1').evaluate((h1) => getComputedStyle(h1).fontSize)).to.equal('80px')
    expect(await page.evaluate(() => document.activeElement?.className)).to.equal('new-todo')
    await expectView(page, { todos: [], main: false, footer: false })
    await addTodos(page, 'buy milk')
    await expectView(page, { todos: ['buy milk'], main: true, footer: true })
  })

  it('keeps main, the footer and "Clear completed" in the page, hidden, while they have nothing to show (TodoMVC since 2026)', async () => {
    const hiddenOnes = () => page.$$eval('.main, .footer, .clear-completed', (els) => els.map((el) => `${el.className} ${(el as HTMLElement).hidden}`))
    expect(await hiddenOnes()).to.deep.equal(['main true', 'footer true', 'clear-completed true'])
    await addTodos(page, 'one')
    expect(await hiddenOnes()).to.deep.equal(['main false', 'footer false', 'clear-completed true'])
    await todo(page, 'one').locator('.toggle').check()
    await expectView(page, { clear: true })
    await todo(page, 'one').hover()
    await todo(page, 'one').locator('.destroy').click()
    await expectView(page, { todos: [], main: false, footer: false, clear: false })
    expect(await hiddenOnes()).to.deep.equal(['main true', 'footer true', 'clear-completed true'])
  })

  it('adds todos with Enter at the bottom, trimmed, ignoring empty ones, and clears the field', async () => {
    await addTodos(page, '  walk the dog  ', 'feed the cat')
    await expectView(page, { todos: ['walk the dog', 'feed the cat'], left: '2 items left' })
    expect(await page.locator('.new-todo').inputValue()).to.equal('')
    expect(await page.evaluate(() => document.activeElement?.className), 'the field keeps the focus').to.equal('new-todo')
    await page.locator('.new-todo').fill('   ')
    await page.locator('.new-todo').press('Enter')
    await page.locator('.new-todo').fill('')
    await page.locator('.new-todo').press('Enter')
    await addTodos(page, 'last')
    await expectView(page, { todos: ['walk the dog', 'feed the cat', 'last'] })
  })

  it('keeps what is typed right after Enter, before the new todo comes back', async () => {
    await page.evaluate(() => {
      const field = document.querySelector<HTMLInputElement>('.new-todo')!
      field.value = 'first'
      field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
      field.value += 'sec' // typed before any answer can arrive: this script runs to its end first
    })
    await expectView(page, { todos: ['first'] })
    expect(await page.locator('.new-todo').inputValue()).to.equal('sec')
  })

  it('toggles a todo and counts what is left with the right plural', async () => {
    await addTodos(page, 'one', 'two')
    await expectView(page, { left: '2 items left', completed: [] })
    await todo(page, 'one').locator('.toggle').check()
    await expectView(page, { left: '1 item left', completed: ['one'] })
    await todo(page, 'two').locator('.toggle').check()
    await expectView(page, { left: '0 items left', completed: ['one', 'two'] })
    await todo(page, 'one').locator('.toggle').uncheck()
    await expectView(page, { left: '1 item left', completed: ['two'] })
  })

  it('marks all as complete and back, and follows single toggles', async () => {
    await addTodos(page, 'a', 'b', 'c')
    await page.locator('.toggle-all + label').click()
    await expectView(page, { completed: ['a', 'b', 'c'], allDone: true, left: '0 items left' })
    await todo(page, 'b').locator('.toggle').uncheck()
    await expectView(page, { completed: ['a', 'c'], allDone: false })
    await todo(page, 'b').locator('.toggle').check()
    await expectView(page, { allDone: true })
    await page.locator('.toggle-all + label').click()
    await expectView(page, { completed: [], allDone: false, left: '3 items left' })
  })

  it('edits on double-click: Enter and blur save the trimmed text, Escape cancels, empty text deletes', async () => {
    await addTodos(page, 'draft', 'other', 'doomed')
    await todo(page, 'draft').locator('label').dblclick()
    const edit = page.locator('.todo-list li.editing .edit')
    expect(await edit.evaluate((el) => el === document.activeElement), 'the edit field has the focus').to.equal(true)
    expect(await page.locator('.todo-list li.editing .view').isVisible(), 'the other controls are hidden').to.equal(false)
    await edit.fill('  final  ')
    await edit.press('Enter')
    await expectView(page, { todos: ['final', 'other', 'doomed'] })
    expect(await page.locator('.todo-list li.editing').count()).to.equal(0)

    await todo(page, 'other').locator('label').dblclick()
    await edit.fill('never mind')
    await edit.press('Escape')
    await expectView(page, { todos: ['final', 'other', 'doomed'] })
    await todo(page, 'other').locator('label').dblclick()
    expect(await edit.inputValue(), 'editing again starts from the saved title').to.equal('other')
    await edit.fill('blurred')
    await page.locator('h1').click()
    await expectView(page, { todos: ['final', 'blurred', 'doomed'] })

    await todo(page, 'doomed').locator('label').dblclick()
    await edit.fill('   ')
    await edit.press('Enter')
    await expectView(page, { todos: ['final', 'blurred'], left: '2 items left' })
  })

  it('deletes a todo with its destroy button', async () => {
    await addTodos(page, 'keep', 'drop')
    await todo(page, 'drop').hover()
    await todo(page, 'drop').locator('.destroy').click()
    await expectView(page, { todos: ['keep'], left: '1 item left' })
  })

  it('clears completed todos, and hides the button while none is completed', async () => {
    await addTodos(page, 'x', 'y', 'z')
    await expectView(page, { clear: false })
    await todo(page, 'x').locator('.toggle').check()
    await todo(page, 'z').locator('.toggle').check()
    await expectView(page, { clear: true })
    await page.locator('.clear-completed').click()
    await expectView(page, { todos: ['y'], clear: false, allDone: false, left: '1 item left' })
  })

  it('filters All, Active and Completed in the URL, marking the selected link, across reloads and Back', async () => {
    await addTodos(page, 'done', 'open')
    await todo(page, 'done').locator('.toggle').check()
    await expectView(page, { filter: 'All', todos: ['done', 'open'] })
    await page.locator('.filters a', { hasText: 'Active' }).click()
    await page.waitForURL('**/todo?filter=active')
    await expectView(page, { filter: 'Active', todos: ['open'] })
    await todo(page, 'open').locator('.toggle').click() // it leaves the list: nothing left to check
    await expectView(page, { todos: [], left: '0 items left' })
    await page.locator('.filters a', { hasText: 'Completed' }).click()
    await page.waitForURL('**/todo?filter=completed')
    await expectView(page, { filter: 'Completed', todos: ['done', 'open'] })
    await todo(page, 'done').locator('.toggle').click()
    await expectView(page, { todos: ['open'] })
    await page.reload()
    await expectView(page, { filter: 'Completed', todos: ['open'] })
    await page.goBack()
    expect(page.url()).to.match(/\/todo\?filter=active$/)
    await expectView(page, { filter: 'Active', todos: ['done'] })
  })
})
