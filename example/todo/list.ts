import { Component, t } from 'koa-reactor'
import { FILTERS, type Filter, type Todo, type TodoStore } from './store.js'
import { templatePath } from '../template.js'

/**
 * The seed's XTodoList: the new-todo field, "mark all as complete", the todos of the current filter (each an
 * x-todo-item, the filter kept in the URL) and the footer. Subscribed to `item`, so any change to any todo, on any node, re-renders it.
 */
export function todoList(store: TodoStore) {
  return class XTodoList extends Component {
    static template = templatePath('todo/list.pug')
    static extends = 'section'
    static state = { showing: t.enum(...FILTERS).default('all') }
    // the filter lives in the URL (?filter=active): a reload or a shared link shows the same; Back goes to the last one
    static query = { showing: { param: 'filter', push: true } }
    static handlers = { add: { text: t.string() }, toggle_all: { completed: t.boolean() }, clear_completed: {}, show: { showing: t.enum(...FILTERS) } }

    showing: Filter = 'all'
    todos: Todo[] = []
    counts = { total: 0, completed: 0, left: 0 }

    mount(props: Record<string, unknown>): void {
      Object.assign(this, props)
      this.subscribe('item')
    }

    rootAttributes() {
      return { class: 'todoapp' }
    }

    async rendering(): Promise<void> {
      this.todos = await store.list(this.showing)
      this.counts = await store.counts()
    }

    async add({ text }: { text: string }): Promise<void> {
      const title = text.trim()
      if (title) await store.add(title)
    }

    async toggle_all({ completed }: { completed: boolean }): Promise<void> {
      await store.setAll(completed)
    }

    show({ showing }: { showing: Filter }): void {
      this.showing = showing
    }

    async clear_completed(): Promise<void> {
      await store.clearCompleted()
    }
  }
}
