import { Component } from 'koa-reactor'
import type { TodoStore } from './store.js'
import { templatePath } from '../template.js'

/** The seed's XTodoCounter: "N items left". Subscribed to `item`. */
export function todoCounter(store: TodoStore) {
  return class XTodoCounter extends Component {
    static template = templatePath('todo/counter.pug')
    static extends = 'span'

    mount(props: Record<string, unknown>): void {
      Object.assign(this, props)
      this.subscribe('item')
    }

    rootAttributes() {
      return { class: 'todo-count' }
    }

    left = 0

    async rendering(): Promise<void> {
      this.left = (await store.counts()).left
    }
  }
}
