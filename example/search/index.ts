// The live search example at /search: a few hundred rows in SQLite, searched as you type (debounced).
import type Router from '@koa/router'
import type { SqliteData } from '../sqlite.js'
import { templatePath } from '../template.js'
import { zoneSearch } from './search.js'
import { ZoneStore } from './store.js'

export function searchExample(data: SqliteData) {
  const store = new ZoneStore(data)
  return {
    components: [zoneSearch(store)],
    routes(router: Router): void {
      router.get('/search', (ctx) => ctx.render(templatePath('search/page.pug'), { title: 'Live search' }))
    },
  }
}
