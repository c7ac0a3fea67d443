// The sign-up example's accounts, in the examples' database; passwords kept as scrypt hashes.
import { randomBytes, scryptSync } from 'node:crypto'
import type { SqliteData } from '../sqlite.js'

const SCHEMA = `CREATE TABLE IF NOT EXISTS account (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password TEXT NOT NULL
)`

/** The address the example says is taken, so that the server-side check can be seen. */
export const TAKEN = 'ada@example.com'

export function hashPassword(password: string): string {
  const salt = randomBytes(16)
  return `${salt.toString('base64url')}.${scryptSync(password, salt, 32).toString('base64url')}`
}

export class Accounts {
  constructor(private readonly data: SqliteData) {
    data.db.exec(SCHEMA)
    // OR IGNORE: the nodes of `make cluster` start together on one database file
    const insert = data.db.prepare('INSERT OR IGNORE INTO account (name, email, password) VALUES (?, ?, ?)')
    if (!this.taken(TAKEN)) insert.run('Ada', TAKEN, hashPassword(randomBytes(9).toString('base64')))
  }

  taken(email: string): boolean {
    return Boolean(this.data.db.prepare('SELECT 1 FROM account WHERE email = ?').get(email.trim()))
  }

  /** False when the address was taken meanwhile (another tab, another node). */
  create(name: string, email: string, password: string): boolean {
    try {
      this.data.insert('account', { name: name.trim(), email: email.trim(), password: hashPassword(password) })
      return true
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return false
      throw error
    }
  }
}
