// The examples' one database: SQLite by default (every example's tables on one connection, so that a handler
// running in the app's transaction can write any of them), Postgres when DATABASE_URL is set (`make cluster`).
// Writes of these models are auto-broadcast.
import { PostgresExampleData, SqliteExampleData, type ExampleData } from './data.js'
import { SqliteData } from './sqlite.js'

export const MODELS = {
  item: {},
  zone: { pk: 'name' },
  account: {},
  note: {},
}

export function openDatabase(file: string): SqliteExampleData {
  return new SqliteExampleData(new SqliteData(file, MODELS))
}

/** `url`: postgres://user@host:port/database. The change feed installs its triggers once the tables exist. */
export function openPostgres(url: string): ExampleData {
  return new PostgresExampleData(url, MODELS)
}
