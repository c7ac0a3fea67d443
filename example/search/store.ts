// The live search's rows: the time zones the JavaScript runtime knows (a few hundred), in the examples' database.
import type { ExampleData } from '../data.js'

export interface Zone {
  name: string
  /** "Paris", "New York" */
  city: string
  /** the local time there now, and the offset from UTC: "14:05 GMT+1" */
  now: string
}

export class ZoneStore {
  constructor(private readonly data: ExampleData) {}

  /** The table and its rows (once, whichever node comes first). */
  setup(): Promise<void> {
    return this.data.setup(async () => {
      await this.data.exec('CREATE TABLE IF NOT EXISTS zone (name TEXT PRIMARY KEY)')
      for (const name of Intl.supportedValuesOf('timeZone')) await this.data.run('INSERT INTO zone (name) VALUES (?) ON CONFLICT DO NOTHING', [name])
    })
  }

  async count(): Promise<number> {
    return Number((await this.data.get<{ n: unknown }>('SELECT count(*) AS n FROM zone'))?.n)
  }

  /** The zones whose name contains `query`, whatever its case (a space matches the underscore of "New_York"), and how many match. */
  async search(query: string, limit = 12): Promise<{ zones: Zone[]; matches: number }> {
    const pattern = `%${query.trim().toLowerCase().replace(/[%_\\]/g, '\\$&').replace(/\s+/g, '_')}%`
    const where = "FROM zone WHERE lower(name) LIKE ? ESCAPE '\\'"
    const rows = await this.data.all<{ name: string }>(`SELECT name ${where} ORDER BY name LIMIT ?`, [pattern, limit])
    const found = await this.data.get<{ n: unknown }>(`SELECT count(*) AS n ${where}`, [pattern])
    return { zones: rows.map(({ name }) => zone(name)), matches: Number(found?.n) }
  }
}

function zone(name: string): Zone {
  const city = name.split('/').pop()!.replace(/_/g, ' ')
  const now = new Intl.DateTimeFormat('en-GB', { timeZone: name, hour: '2-digit', minute: '2-digit', timeZoneName: 'shortOffset' }).format(new Date())
  return { name, city, now }
}
