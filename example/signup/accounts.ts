// The sign-up example's accounts, in the examples' database; passwords kept as scrypt hashes.
import { randomBytes, scryptSync } from 'node:crypto'
import { serialKey, type ExampleData } from '../data.js'

/** The address is unique whatever its case (an index on lower(email): SQLite and Postgres both have them). */
const schema = (data: ExampleData) => `
CREATE TABLE IF NOT EXISTS account (id ${serialKey(data)}, name TEXT NOT NULL, email TEXT NOT NULL, password TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS account_email ON account (lower(email));`

/** The address the example says is taken, so that the server-side check can be seen. */
export const TAKEN = 'ada@example.com'

export function hashPassword(password: string): string {
  const salt = randomBytes(16)
  return `${salt.toString('base64url')}.${scryptSync(password, salt, 32).toString('base64url')}`
}

/** A unique index refused the row: SQLite's code, or Postgres' SQLSTATE unique_violation. */
const isDuplicate = (error: unknown) => ['SQLITE_CONSTRAINT_UNIQUE', '23505'].includes((error as { code?: string }).code ?? '')

export class Accounts {
  constructor(private readonly data: ExampleData) {}

  /** The table and the account whose address is taken (once, whichever node comes first). */
  setup(): Promise<void> {
    return this.data.setup(async () => {
      await this.data.exec(schema(this.data))
      if (!(await this.taken(TAKEN))) await this.data.run('INSERT INTO account (name, email, password) VALUES (?, ?, ?)', ['Ada', TAKEN, hashPassword(randomBytes(9).toString('base64'))])
    })
  }

  async taken(email: string): Promise<boolean> {
    return Boolean(await this.data.get('SELECT 1 FROM account WHERE lower(email) = lower(?)', [email.trim()]))
  }

  /** False when the address was taken meanwhile (another tab, another node). */
  async create(name: string, email: string, password: string): Promise<boolean> {
    try {
      await this.data.insert('account', { name: name.trim(), email: email.trim(), password: hashPassword(password) })
      return true
    } catch (error) {
      if (isDuplicate(error)) return false
      throw error
    }
  }
}
