// The TodoMVC example (tastejs/todomvc app-spec) at /todo, /todo/active and /todo/completed.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type Router from '@koa/router'
import type { Context } from 'koa'
import { todoCounter } from './counter.js'
import { todoItem } from './item.js'
import { todoList } from './list.js'
import { FILTERS, type Filter, type TodoStore } from './store.js'
import { templatePath } from '../template.js'

export const STYLESHEET = '/todomvc-app-css/index.css'

/** The components of the example, bound to `store`, and a function that adds its routes to a router. */
export function todoExample(store: TodoStore) {
  const css = readFileSync(createRequire(import.meta.url).resolve('todomvc-app-css/index.css'))
  const page = (ctx: Context, showing: Filter) => {
    // live data: Back and Forward load the page again rather than show a copy from the cache
    ctx.set('Cache-Control', 'no-store')
    return ctx.render(templatePath('todo/page.pug'), { title: 'TodoMVC', showing, stylesheet: STYLESHEET })
  }
  return {
    components: [todoList(store), todoItem(store), todoCounter(store)],
    routes(router: Router): void {
      router.get(STYLESHEET, (ctx) => {
        ctx.type = 'text/css'
        ctx.set('cache-control', 'public, max-age=86400')
        ctx.body = css
      })
      router.get('/todo', (ctx) => page(ctx, 'all'))
      router.get('/todo/:filter', (ctx, next) => {
        const filter = FILTERS.find((f) => f !== 'all' && f === ctx.params.filter)
        return filter ? page(ctx, filter) : next()
      })
    },
  }
}
