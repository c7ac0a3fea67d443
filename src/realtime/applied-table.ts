// The applied events in the app's own SQL database (the `applied` option): one row per event that ran, written
// in the handler's transaction, so that it commits with the handler's writes or not at all. A row lives as long
// as a token (`tokenTtl`): an older event cannot run anyway. Expired rows are deleted now and then by a record.

/** The app's store of applied events (the `applied` option; `appliedTable` makes one in a SQL database). */
export interface AppliedStore {
  /** Records, inside the handler's transaction, that event `key` applied and left `token`, kept until `expires` (Unix seconds). */
  record(key: string, token: string, expires: number): Promise<void>
  /** The token event `key` left, if it was recorded and has not expired. */
  lookup(key: string): Promise<string | undefined>
}

/** Runs one statement in the current transaction (inside the `transaction` option's), else on its own. */
export type SqlQuery = (sql: string, params: unknown[]) => Promise<unknown>

export interface AppliedTableOptions {
  /** runs a statement with its parameters, on the handler's transaction when there is one */
  query: SqlQuery
  /** `?` (SQLite, MySQL; the default) or `$1` (Postgres) */
  placeholders?: '?' | '$1'
  /** the table; default `reactor_applied` */
  table?: string
  /** seconds between two deletions of expired rows (each node); default 60 */
  sweepSeconds?: number
}

export interface AppliedTable extends AppliedStore {
  /** Creates the table if it does not exist (once, before the app serves: at start or in a migration). */
  setup(): Promise<void>
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Rows of a query's answer: an array (better-sqlite3's `all`, PostgresFeed's `query`) or `{ rows }` (pg). */
const rowsOf = (answer: unknown): Array<Record<string, unknown>> =>
  (Array.isArray(answer) ? answer : ((answer as { rows?: unknown[] } | undefined)?.rows ?? [])) as Array<Record<string, unknown>>

/**
 * An AppliedStore in a table of the app's SQL database (SQLite or Postgres: the statements are the same):
 * `new Reactor({ transaction, applied: appliedTable({ query }) })`, after `await applied.setup()`.
 */
export function appliedTable({ query, placeholders = '?', table = 'reactor_applied', sweepSeconds = 60 }: AppliedTableOptions): AppliedTable {
  if (typeof query !== 'function') throw new TypeError('koa-reactor: appliedTable({ query }) needs query: (sql, params) => Promise, running on the handler\'s transaction')
  if (!NAME.test(table)) throw new TypeError(`koa-reactor: appliedTable's table must be a plain SQL name (letters, digits, _); it is ${JSON.stringify(table)}`)
  if (placeholders !== '?' && placeholders !== '$1') throw new TypeError(`koa-reactor: appliedTable's placeholders are '?' (SQLite) or '$1' (Postgres); they are ${JSON.stringify(placeholders)}`)
  const sql = (text: string) => (placeholders === '?' ? text : text.replace(/\?/g, ((n) => () => `$${++n}`)(0)))
  const insert = sql(`INSERT INTO ${table} (event, token, expires) VALUES (?, ?, ?) ON CONFLICT (event) DO UPDATE SET token = excluded.token, expires = excluded.expires`)
  const select = sql(`SELECT token FROM ${table} WHERE event = ? AND expires >= ?`)
  const sweep = sql(`DELETE FROM ${table} WHERE expires < ?`)
  let swept = 0
  const now = () => Math.floor(Date.now() / 1000)
  return {
    setup: async () => void (await query(`CREATE TABLE IF NOT EXISTS ${table} (event TEXT PRIMARY KEY, token TEXT NOT NULL, expires BIGINT NOT NULL)`, [])),
    async record(key, token, expires) {
      await query(insert, [key, token, expires])
      if (now() - swept < sweepSeconds) return
      swept = now()
      await query(sweep, [swept])
    },
    async lookup(key) {
      const [row] = rowsOf(await query(select, [key, now()]))
      return row ? String(row.token) : undefined
    },
  }
}
