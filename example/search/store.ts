// The live search's rows: the time zones the JavaScript runtime knows (a few hundred), in the examples' database.
import type { SqliteData } from '../sqlite.js'

export interface Zone {
  name: string
  /** "Paris", "New York" */
  city: string
  /** the local time there now, and the offset from UTC: "14:05 GMT+1" */
  now: string
}

const SCHEMA = 'CREATE TABLE IF NOT EXISTS zone (name TEXT PRIMARY KEY)'

export class ZoneStore {
  constructor(private readonly data: SqliteData) {
    data.db.exec(SCHEMA)
    const insert = data.db.prepare('INSERT OR IGNORE INTO zone (name) VALUES (?)')
    data.db.transaction(() => Intl.supportedValuesOf('timeZone').forEach((name) => insert.run(name)))()
  }

  count(): number {
    return (this.data.db.prepare('SELECT count(*) AS n FROM zone').get() as { n: number }).n
  }

  /** The zones whose name contains `query` (a space matches the underscore of "New_York"), and how many match. */
  search(query: string, limit = 12): { zones: Zone[]; matches: number } {
    const pattern = `%${query.trim().replace(/[%_\\]/g, '\\$&').replace(/\s+/g, '_')}%`
    const where = "FROM zone WHERE name LIKE ? ESCAPE '\\'"
    const rows = this.data.db.prepare(`SELECT name ${where} ORDER BY name LIMIT ?`).all(pattern, limit) as Array<{ name: string }>
    const { n } = this.data.db.prepare(`SELECT count(*) AS n ${where}`).get(pattern) as { n: number }
    return { zones: rows.map(({ name }) => zone(name)), matches: n }
  }
}

function zone(name: string): Zone {
  const city = name.split('/').pop()!.replace(/_/g, ' ')
  const now = new Intl.DateTimeFormat('en-GB', { timeZone: name, hour: '2-digit', minute: '2-digit', timeZoneName: 'shortOffset' }).format(new Date())
  return { name, city, now }
}
