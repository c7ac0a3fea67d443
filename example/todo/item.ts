import { Component, cond, t } from 'koa-reactor'
import type { Todo, TodoStore } from './store.js'
import { templatePath } from '../template.js'

/**
 * The seed's XTodoItem: one todo, its checkbox, its label (double-click to edit) and its destroy button.
 * The token holds the todo's id; the todo is read again on every rebuild, and one deleted meanwhile leaves the page.
 */
export function todoItem(store: TodoStore) {
  const record = t.model({ key: (todo: Todo) => todo.id, load: (id: number) => store.get(Number(id)) }).nullable()

  return class XTodoItem extends Component {
    static template = templatePath('todo/item.pug')
    static extends = 'li'
    static state = { todo: record, editing: t.boolean().default(false) }
    static handlers = { toggle: { completed: t.boolean() }, edit: {}, save: { text: t.string() }, cancel: {}, remove: {} }

    todo: Todo | null = null
    editing = false

    mount(props: Record<string, unknown>): void {
      Object.assign(this, props)
      if (this.todo) this.subscribe(`item.${this.todo.id}`)
    }

    rootAttributes() {
      return { class: cond({ completed: this.todo?.completed, editing: this.editing }) || false }
    }

    /** `item.<id>` was broadcast: a todo deleted elsewhere leaves the page. */
    notify(): void {
      if (!this.todo) this.destroy()
    }

    async toggle({ completed }: { completed: boolean }): Promise<void> {
      if (this.todo) this.todo = (await store.update(this.todo.id, { completed })) ?? null
      this.notify()
    }

    edit(): void {
      if (!this.todo) return this.notify()
      this.editing = true
      this.focus('.edit')
    }

    /** Enter or blur: the trimmed text, or, when empty, the todo is deleted. Ignored once editing ended (Escape). */
    async save({ text }: { text: string }): Promise<void> {
      if (!this.editing) return
      this.editing = false
      const title = text.trim()
      if (!title) return this.remove()
      if (this.todo) this.todo = (await store.update(this.todo.id, { title })) ?? null
      this.notify()
    }

    cancel(): void {
      this.editing = false
    }

    async remove(): Promise<void> {
      if (this.todo) await store.remove(this.todo.id)
      this.destroy()
    }
  }
}
