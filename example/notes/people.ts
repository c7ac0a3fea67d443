// The login example's people, cookie sessions and private notes, in the examples' database.
// A session is a random id in an HttpOnly cookie, looked up in the `session` table; passwords are scrypt hashes.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'
import type { Context } from 'koa'
import { hashPassword } from '../signup/accounts.js'
import { serialKey, type ExampleData } from '../data.js'

export interface Person {
  login: string
  name: string
}

export interface Note {
  id: number
  text: string
}

export const SESSION_COOKIE = 'notes_session'
/** The example's people (the login page shows them): login, password, name. */
export const PEOPLE = [
  ['ada', 'lovelace', 'Ada Lovelace'],
  ['grace', 'hopper', 'Grace Hopper'],
] as const

const schema = (data: ExampleData) => `
CREATE TABLE IF NOT EXISTS person (login TEXT PRIMARY KEY, name TEXT NOT NULL, password TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS session (id TEXT PRIMARY KEY, login TEXT NOT NULL REFERENCES person(login), created BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS note (id ${serialKey(data)}, owner TEXT NOT NULL REFERENCES person(login), text TEXT NOT NULL);`

export class People {
  constructor(private readonly data: ExampleData) {}

  /** The tables and the example's people (once, whichever node comes first). */
  setup(): Promise<void> {
    return this.data.setup(async () => {
      await this.data.exec(schema(this.data))
      for (const [login, password, name] of PEOPLE) {
        if (!(await this.named(login))) await this.data.run('INSERT INTO person (login, name, password) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [login, name, hashPassword(password)])
      }
    })
  }

  /** The person whose login and password these are, or undefined. */
  async check(login: string, password: string): Promise<Person | undefined> {
    const row = await this.data.get<Person & { password: string }>('SELECT * FROM person WHERE login = ?', [login.trim().toLowerCase()])
    return row && matches(password, row.password) ? { login: row.login, name: row.name } : undefined
  }

  /** Starts a session for `person` on this browser. */
  async logIn(ctx: Context, person: Person): Promise<void> {
    const id = randomBytes(24).toString('base64url')
    await this.data.run('INSERT INTO session (id, login, created) VALUES (?, ?, ?)', [id, person.login, Date.now()])
    ctx.cookies.set(SESSION_COOKIE, id, { httpOnly: true, sameSite: 'lax', path: '/', secure: ctx.secure, overwrite: true })
  }

  async logOut(ctx: Context): Promise<void> {
    const id = ctx.cookies.get(SESSION_COOKIE)
    if (id) await this.data.run('DELETE FROM session WHERE id = ?', [id])
    ctx.cookies.set(SESSION_COOKIE, null, { path: '/' })
  }

  /** The person logged in on this request (a page or a socket), from the session cookie. */
  async userOf(ctx: Context): Promise<Person | undefined> {
    const id = ctx.cookies.get(SESSION_COOKIE)
    if (!id) return undefined
    return this.data.get<Person>('SELECT person.login, person.name FROM session JOIN person USING (login) WHERE session.id = ?', [id])
  }

  notesOf(login: string): Promise<Note[]> {
    return this.data.all<Note>('SELECT id, text FROM note WHERE owner = ? ORDER BY id', [login])
  }

  async addNote(login: string, text: string): Promise<void> {
    await this.data.insert('note', { owner: login, text })
  }

  /** Deletes the note if it is `login`'s own: the id comes from the browser. */
  async removeNote(login: string, id: number): Promise<void> {
    const owned = await this.data.get('SELECT 1 FROM note WHERE id = ? AND owner = ?', [id, login])
    if (owned) await this.data.delete('note', id)
  }

  private async named(login: string): Promise<boolean> {
    return Boolean(await this.data.get('SELECT 1 FROM person WHERE login = ?', [login]))
  }
}

function matches(password: string, stored: string): boolean {
  const [salt, hash] = stored.split('.')
  const given = scryptSync(password, Buffer.from(salt, 'base64url'), 32)
  return timingSafeEqual(given, Buffer.from(hash, 'base64url'))
}
