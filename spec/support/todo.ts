// What a user sees of the TodoMVC page, and the few gestures the specs repeat.
import { expect } from 'chai'
import type { Page } from 'playwright-core'

export interface TodoView {
  /** the titles of the todos shown, in order */
  todos: string[]
  /** those shown as completed */
  completed: string[]
  /** the footer's counter text, like "2 items left" */
  left: string | null
  main: boolean
  footer: boolean
  /** the "Clear completed" button is shown */
  clear: boolean
  /** the selected filter link's text */
  filter: string | null
  /** "Mark all as complete" is checked */
  allDone: boolean
}

export function viewOf(page: Page): Promise<TodoView> {
  // no named functions inside: the spec's TypeScript loader would wrap them in a helper the page lacks
  return page.evaluate(() => {
    const items = Array.from(document.querySelectorAll('.todo-list li'))
    const [main, footer, clear] = ['.main', '.footer', '.clear-completed'].map((s) => (document.querySelector(s) as HTMLElement | null)?.offsetParent != null)
    return {
      todos: items.map((li) => li.querySelector('label')?.textContent ?? ''),
      completed: items.filter((li) => li.classList.contains('completed')).map((li) => li.querySelector('label')?.textContent ?? ''),
      left: document.querySelector('.todo-count')?.textContent?.replace(/\s+/g, ' ').trim() ?? null,
      main,
      footer,
      clear,
      filter: document.querySelector('.filters a.selected')?.textContent ?? null,
      allDone: document.querySelector<HTMLInputElement>('.toggle-all')?.checked ?? false,
    }
  })
}

/** Waits until the page shows `expected` (the fields given), then asserts it, so a failure shows the difference. */
export async function expectView(page: Page, expected: Partial<TodoView>, ms = 5000): Promise<void> {
  const pick = (view: TodoView) => Object.fromEntries(Object.keys(expected).map((k) => [k, view[k as keyof TodoView]]))
  const deadline = Date.now() + ms
  let seen = pick(await viewOf(page))
  while (JSON.stringify(seen) !== JSON.stringify(expected) && Date.now() < deadline) {
    await page.waitForTimeout(20)
    seen = pick(await viewOf(page))
  }
  expect(seen).to.deep.equal(expected)
}

/** Types each title in the new-todo field and presses Enter, waiting for it to be listed. */
export async function addTodos(page: Page, ...titles: string[]): Promise<void> {
  for (const title of titles) {
    const before = await page.locator('.todo-list li').count()
    await page.locator('.new-todo').fill(title)
    await page.locator('.new-todo').press('Enter')
    await page.waitForFunction((n) => document.querySelectorAll('.todo-list li').length > n, before)
  }
}

/** The todo titled `title`. */
export function todo(page: Page, title: string) {
  const exactly = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
  return page.locator('.todo-list li', { has: page.locator('label', { hasText: exactly }) })
}
