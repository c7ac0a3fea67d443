// The examples' one SQLite database (better-sqlite3): every example's tables on one connection, so that a
// handler running in the app's transaction can write any of them. Writes through it are auto-broadcast.
import { SqliteData } from './sqlite.js'

export const MODELS = {
  item: {},
  zone: { pk: 'name' },
  account: {},
  note: {},
}

export function openDatabase(file: string): SqliteData {
  return new SqliteData(file, MODELS)
}
