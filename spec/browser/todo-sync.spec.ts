import { expect } from 'chai'
import type { Page } from 'playwright-core'
import type { RedisBus } from '../../src/index.js'
import { useChromium } from '../support/chromium.js'
import { startExample, type Running } from '../support/server.js'
import { useTwoNodes } from '../support/two-nodes.js'
import { addTodos, expectView, todo } from '../support/todo.js'
import { until } from '../support/until.js'

describe('browser: TodoMVC on two nodes, kept in sync over Redis', function () {
  const chromium = useChromium()
  const nodes = useTwoNodes()
  let one: Running
  let two: Running
  /** a page on node one and a page on node two */
  let left: Page
  let right: Page

  const listeners = (node: Running) => (node.reactor.engine.bus as RedisBus).channels.count('item')

  /** Opens `path` of `node` in a new page, once the node has no page left listening from an earlier spec. */
  async function open(node: Running, path = '/todo'): Promise<Page> {
    const page = await chromium.open(`${node.url}${path}`)
    await until(() => listeners(node) > 0, 'the page to join')
    return page
  }

  /** Closes `page` and waits until `node` follows no page any more. */
  async function leave(page: Page, node: Running): Promise<void> {
    await page.close()
    await until(() => listeners(node) === 0, 'the page to leave')
  }

  before(() => ({ one, two } = nodes))
  beforeEach(async () => {
    await one.todos.data.run('DELETE FROM item')
    left = await open(one)
    right = await open(two)
  })
  afterEach(async () => {
    await leave(left, one)
    await leave(right, two)
  })

  it('shows a todo added on one node on the page of the other, both ways', async () => {
    await addTodos(left, 'from the left')
    await expectView(right, { todos: ['from the left'], left: '1 item left', main: true, footer: true })
    await addTodos(right, 'from the right')
    await expectView(left, { todos: ['from the left', 'from the right'], left: '2 items left' })
  })

  it('follows toggles, toggle all, edits, deletions and clear completed made on the other node', async () => {
    await addTodos(left, 'alpha', 'beta', 'gamma')
    await expectView(right, { todos: ['alpha', 'beta', 'gamma'] })
    await todo(left, 'beta').locator('.toggle').check()
    await expectView(right, { completed: ['beta'], left: '2 items left', clear: true })
    await right.locator('.toggle-all + label').click()
    await expectView(left, { completed: ['alpha', 'beta', 'gamma'], allDone: true, left: '0 items left' })
    await todo(right, 'alpha').locator('label').dblclick()
    await right.locator('.todo-list li.editing .edit').fill('alpha prime')
    await right.locator('.todo-list li.editing .edit').press('Enter')
    await expectView(left, { todos: ['alpha prime', 'beta', 'gamma'] })
    await todo(left, 'gamma').locator('.toggle').uncheck()
    await todo(left, 'gamma').hover()
    await todo(left, 'gamma').locator('.destroy').click()
    await expectView(right, { todos: ['alpha prime', 'beta'], left: '0 items left', allDone: true })
    await right.locator('.clear-completed').click()
    await expectView(left, { todos: [], main: false, footer: false })
  })

  it('drops a todo completed elsewhere from an Active view, and shows it again when it is reopened', async () => {
    await addTodos(left, 'errand')
    await leave(right, two)
    right = await open(two, '/todo/active')
    await expectView(right, { filter: 'Active', todos: ['errand'] })
    await todo(left, 'errand').locator('.toggle').check()
    await expectView(right, { todos: [], left: '0 items left' })
    await todo(left, 'errand').locator('.toggle').uncheck()
    await expectView(right, { todos: ['errand'], completed: [], left: '1 item left' })
    await todo(right, 'errand').locator('.toggle').click()
    await expectView(left, { completed: ['errand'] })
  })

  it('never clobbers what is being typed in the new-todo field when the other page changes the list', async () => {
    await addTodos(left, 'first')
    await expectView(right, { todos: ['first'] })
    await right.locator('.new-todo').click()
    await right.keyboard.type('half')
    await addTodos(left, 'second')
    await expectView(right, { todos: ['first', 'second'] })
    expect(await right.locator('.new-todo').inputValue()).to.equal('half')
    await right.keyboard.type(' done')
    await right.keyboard.press('Enter')
    await expectView(left, { todos: ['first', 'second', 'half done'] })
    // typed, then left aside while the list changes: still there
    await right.locator('.new-todo').fill('later')
    await right.locator('h1').click()
    await todo(left, 'first').locator('.toggle').check()
    await expectView(right, { completed: ['first'] })
    expect(await right.locator('.new-todo').inputValue()).to.equal('later')
  })

  it('keeps the todos in SQLite across a restart of a node', async () => {
    await addTodos(left, 'persisted', 'also')
    await todo(left, 'also').locator('.toggle').check()
    await expectView(right, { completed: ['also'] })
    await leave(left, one)
    await one.close()
    one = nodes.one = await startExample(nodes.options, { database: nodes.database })
    left = await open(one)
    await expectView(left, { todos: ['persisted', 'also'], completed: ['also'], left: '1 item left' })
  })
})
