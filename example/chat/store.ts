// The chat's data: rooms, their messages (thousands: the page loads the newest and older ones on scroll),
// and what each user has read of each room, in SQLite (WAL, so that the nodes of `make cluster` share it).
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'

export interface Message {
  id: number
  room: string
  author: string
  text: string
  /** the file name of an attached image, served under /chat/images/ */
  image: string | null
  at: number
}

export interface RoomSummary {
  name: string
  unread: number
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS message (
  id INTEGER PRIMARY KEY AUTOINCREMENT, room TEXT NOT NULL, author TEXT NOT NULL, text TEXT NOT NULL,
  image TEXT, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS message_room ON message (room, id);
CREATE TABLE IF NOT EXISTS seen (user TEXT NOT NULL, room TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (user, room));`

export const ROOMS = ['general', 'random', 'help']

export class ChatStore {
  readonly db: Database.Database

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true })
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('busy_timeout = 5000')
    this.db.exec(SCHEMA)
    if (!this.db.prepare('SELECT 1 FROM message LIMIT 1').get()) this.seed()
  }

  /** Two thousand old messages in #general, so that scrolling up has something to load. */
  private seed(): void {
    const add = this.db.prepare('INSERT INTO message (room, author, text, at) VALUES (?, ?, ?, ?)')
    const start = Date.now() - 2000 * 60_000
    this.db.transaction(() => {
      for (let i = 1; i <= 2000; i++) add.run('general', i % 2 ? 'ada' : 'grace', `message ${i} of the archive`, start + i * 60_000)
    })()
  }

  add(room: string, author: string, text: string, image: string | null = null): Message {
    const at = Date.now()
    const { lastInsertRowid } = this.db.prepare('INSERT INTO message (room, author, text, image, at) VALUES (?, ?, ?, ?, ?)').run(room, author, text, image, at)
    return { id: Number(lastInsertRowid), room, author, text, image, at }
  }

  /** The `count` messages of `room` before message `before` (the newest when 0), oldest first. */
  page(room: string, count: number, before = 0): Message[] {
    const rows = this.db.prepare('SELECT * FROM message WHERE room = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?').all(room, before, before, count)
    return (rows as Message[]).reverse()
  }

  /** The messages of `room` after message `after`, oldest first. */
  since(room: string, after: number): Message[] {
    return this.db.prepare('SELECT * FROM message WHERE room = ? AND id > ? ORDER BY id LIMIT 200').all(room, after) as Message[]
  }

  newest(room: string): number {
    return (this.db.prepare('SELECT max(id) AS id FROM message WHERE room = ?').get(room) as { id: number | null }).id ?? 0
  }

  /** A user's first visit: every room counts as read. */
  welcome(user: string): void {
    if (!this.db.prepare('SELECT 1 FROM seen WHERE user = ?').get(user)) for (const room of ROOMS) this.markSeen(user, room)
  }

  markSeen(user: string, room: string): void {
    this.db.prepare('INSERT INTO seen (user, room, id) VALUES (?, ?, ?) ON CONFLICT (user, room) DO UPDATE SET id = excluded.id').run(user, room, this.newest(room))
  }

  /** Every room, with the messages `user` has not seen in it. */
  rooms(user: string): RoomSummary[] {
    const unread = this.db.prepare('SELECT count(*) AS n FROM message WHERE room = ? AND id > coalesce((SELECT id FROM seen WHERE user = ? AND room = ?), 0)')
    return ROOMS.map((name) => ({ name, unread: (unread.get(name, user, name) as { n: number }).n }))
  }

  close(): void {
    this.db.close()
  }
}
