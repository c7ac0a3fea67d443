import { Component, t } from 'koa-reactor'
import { templatePath } from '../template.js'
import type { Zone, ZoneStore } from './store.js'

/** A live search: the query is the only state; the results are read from the database at every render. */
export function zoneSearch(store: ZoneStore) {
  return class XZoneSearch extends Component {
    static template = templatePath('search/search.pug')
    static state = { query: t.string().default('') }
    static handlers = { search: { query: t.string().default('') } }

    query = ''
    found: { zones: Zone[]; matches: number } = { zones: [], matches: 0 }
    total = 0

    async rendering(): Promise<void> {
      this.found = await store.search(this.query)
      this.total = await store.count()
    }

    search({ query }: { query: string }): void {
      this.query = query.slice(0, 100)
    }
  }
}
