// The live search example at /search: a few hundred rows in SQLite, searched as you type (debounced).
import type Router from '@koa/router'
import type { ExampleData } from '../data.js'
import { templatePath } from '../template.js'
import { zoneSearch } from './search.js'
import { ZoneStore } from './store.js'

export async function searchExample(data: ExampleData) {
  const store = new ZoneStore(data)
  await store.setup()
  return {
    components: [zoneSearch(store)],
    routes(router: Router): void {
      router.get('/search', (ctx) => ctx.render(templatePath('search/page.pug'), { title: 'Live search' }))
    },
  }
}
