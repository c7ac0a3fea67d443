import { Component, t } from 'koa-reactor'
import { templatePath } from '../template.js'
import type { ZoneStore } from './store.js'

/** A live search: the query is the only state; the results are read from the database at every render. */
export function zoneSearch(store: ZoneStore) {
  return class XZoneSearch extends Component {
    static template = templatePath('search/search.pug')
    static state = { query: t.string().default('') }
    static handlers = { search: { query: t.string().default('') } }

    query = ''

    get found() {
      return store.search(this.query)
    }

    get total(): number {
      return store.count()
    }

    search({ query }: { query: string }): void {
      this.query = query.slice(0, 100)
    }
  }
}
