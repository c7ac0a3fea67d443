import { Component, t } from 'koa-reactor'
import { FILTERS, type Filter, type TodoStore } from './store.js'
import { templatePath } from '../template.js'

/**
 * The seed's XTodoList: the new-todo field, "mark all as complete", the todos of the current filter (each an
 * x-todo-item) and the footer. Subscribed to `item`, so any change to any todo, on any node, re-renders it.
 */
export function todoList(store: TodoStore) {
  return class XTodoList extends Component {
    static template = templatePath('todo/list.pug')
    static extends = 'section'
    static state = { showing: t.enum(...FILTERS).default('all') }
    static handlers = { add: { text: t.string() }, toggle_all: { completed: t.boolean() }, clear_completed: {} }

    showing: Filter = 'all'

    mount(props: Record<string, unknown>): void {
      Object.assign(this, props)
      this.subscribe('item')
    }

    rootAttributes() {
      return { class: 'todoapp' }
    }

    get todos() {
      return store.list(this.showing)
    }

    get counts() {
      return store.counts()
    }

    add({ text }: { text: string }): void {
      const title = text.trim()
      if (!title) return
      store.add(title)
    }

    toggle_all({ completed }: { completed: boolean }): void {
      store.setAll(completed)
    }

    clear_completed(): void {
      store.clearCompleted()
    }
  }
}
