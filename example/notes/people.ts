// The login example's people, cookie sessions and private notes, in the examples' database.
// A session is a random id in an HttpOnly cookie, looked up in the `session` table; passwords are scrypt hashes.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'
import type { Context } from 'koa'
import { hashPassword } from '../signup/accounts.js'
import type { SqliteData } from '../sqlite.js'

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

const SCHEMA = `
CREATE TABLE IF NOT EXISTS person (login TEXT PRIMARY KEY, name TEXT NOT NULL, password TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS session (id TEXT PRIMARY KEY, login TEXT NOT NULL REFERENCES person(login), created INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS note (id INTEGER PRIMARY KEY AUTOINCREMENT, owner TEXT NOT NULL REFERENCES person(login), text TEXT NOT NULL);`

export class People {
  constructor(private readonly data: SqliteData) {
    data.db.exec(SCHEMA)
    const insert = data.db.prepare('INSERT OR IGNORE INTO person (login, name, password) VALUES (?, ?, ?)')
    for (const [login, password, name] of PEOPLE) if (!this.named(login)) insert.run(login, name, hashPassword(password))
  }

  /** The person whose login and password these are, or undefined. */
  check(login: string, password: string): Person | undefined {
    const row = this.data.db.prepare('SELECT * FROM person WHERE login = ?').get(login.trim().toLowerCase()) as
      | (Person & { password: string })
      | undefined
    return row && matches(password, row.password) ? { login: row.login, name: row.name } : undefined
  }

  /** Starts a session for `person` on this browser. */
  logIn(ctx: Context, person: Person): void {
    const id = randomBytes(24).toString('base64url')
    this.data.db.prepare('INSERT INTO session (id, login, created) VALUES (?, ?, ?)').run(id, person.login, Date.now())
    ctx.cookies.set(SESSION_COOKIE, id, { httpOnly: true, sameSite: 'lax', path: '/', secure: ctx.secure, overwrite: true })
  }

  logOut(ctx: Context): void {
    const id = ctx.cookies.get(SESSION_COOKIE)
    if (id) this.data.db.prepare('DELETE FROM session WHERE id = ?').run(id)
    ctx.cookies.set(SESSION_COOKIE, null, { path: '/' })
  }

  /** The person logged in on this request (a page or a socket), from the session cookie. */
  userOf(ctx: Context): Person | undefined {
    const id = ctx.cookies.get(SESSION_COOKIE)
    if (!id) return undefined
    return this.data.db.prepare('SELECT person.login, person.name FROM session JOIN person USING (login) WHERE session.id = ?').get(id) as
      | Person
      | undefined
  }

  notesOf(login: string): Note[] {
    return this.data.db.prepare('SELECT id, text FROM note WHERE owner = ? ORDER BY id').all(login) as Note[]
  }

  addNote(login: string, text: string): void {
    this.data.insert('note', { owner: login, text })
  }

  /** Deletes the note if it is `login`'s own: the id comes from the browser. */
  removeNote(login: string, id: number): void {
    const owned = this.data.db.prepare('SELECT 1 FROM note WHERE id = ? AND owner = ?').get(id, login)
    if (owned) this.data.delete('note', id)
  }

  private named(login: string): boolean {
    return Boolean(this.data.db.prepare('SELECT 1 FROM person WHERE login = ?').get(login))
  }
}

function matches(password: string, stored: string): boolean {
  const [salt, hash] = stored.split('.')
  const given = scryptSync(password, Buffer.from(salt, 'base64url'), 32)
  return timingSafeEqual(given, Buffer.from(hash, 'base64url'))
}
