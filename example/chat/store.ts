// The chat's data: rooms, their messages (thousands: the page loads the newest and older ones on scroll),
// and what each user has read of each room, in SQLite (WAL, so that the nodes of `make cluster` could share
// it) or on Postgres with the other examples (DATABASE_URL).
import { serialKey, type ExampleData, type Row } from '../data.js'

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

const schema = (data: ExampleData) => `
CREATE TABLE IF NOT EXISTS message (
  id ${serialKey(data)}, room TEXT NOT NULL, author TEXT NOT NULL, text TEXT NOT NULL, image TEXT, at BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS message_room ON message (room, id);
CREATE TABLE IF NOT EXISTS seen ("user" TEXT NOT NULL, room TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY ("user", room));`

/** Two thousand old messages in #general, one a minute until now, so that scrolling up has something to load. */
const SEED = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
INSERT INTO message (room, author, text, at)
SELECT 'general', CASE WHEN i % 2 = 1 THEN 'ada' ELSE 'grace' END, 'message ' || i || ' of the archive', CAST(? AS BIGINT) + i * 60000 FROM n`

export const ROOMS = ['general', 'random', 'help']

/** Postgres returns a BIGINT as a string. */
const message = (row: Row) => ({ ...row, at: Number(row.at) }) as Message

export class ChatStore {
  constructor(readonly data: ExampleData) {}

  /** The tables, and the archive when they are empty (once, whichever node comes first). */
  setup(): Promise<void> {
    return this.data.setup(async () => {
      await this.data.exec(schema(this.data))
      if (!(await this.data.get('SELECT 1 FROM message LIMIT 1'))) await this.data.run(SEED, [Date.now() - 2000 * 60_000])
    })
  }

  async add(room: string, author: string, text: string, image: string | null = null): Promise<Message> {
    const row = await this.data.get('INSERT INTO message (room, author, text, image, at) VALUES (?, ?, ?, ?, ?) RETURNING *', [room, author, text, image, Date.now()])
    return message(row!)
  }

  /** The `count` messages of `room` before message `before` (the newest when 0), oldest first. */
  async page(room: string, count: number, before = 0): Promise<Message[]> {
    const rows = await this.data.all('SELECT * FROM message WHERE room = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?', [room, before, before, count])
    return rows.map(message).reverse()
  }

  /** The messages of `room` after message `after`, oldest first. */
  async since(room: string, after: number): Promise<Message[]> {
    return (await this.data.all('SELECT * FROM message WHERE room = ? AND id > ? ORDER BY id LIMIT 200', [room, after])).map(message)
  }

  async newest(room: string): Promise<number> {
    return Number((await this.data.get('SELECT max(id) AS id FROM message WHERE room = ?', [room]))?.id ?? 0)
  }

  /** A user's first visit: every room counts as read. */
  async welcome(user: string): Promise<void> {
    if (!(await this.data.get('SELECT 1 FROM seen WHERE "user" = ?', [user]))) for (const room of ROOMS) await this.markSeen(user, room)
  }

  async markSeen(user: string, room: string): Promise<void> {
    await this.data.run('INSERT INTO seen ("user", room, id) VALUES (?, ?, ?) ON CONFLICT ("user", room) DO UPDATE SET id = excluded.id', [user, room, await this.newest(room)])
  }

  /** Every room, with the messages `user` has not seen in it. */
  async rooms(user: string): Promise<RoomSummary[]> {
    const unread = 'SELECT count(*) AS n FROM message WHERE room = ? AND id > coalesce((SELECT id FROM seen WHERE "user" = ? AND room = ?), 0)'
    return Promise.all(ROOMS.map(async (name) => ({ name, unread: Number((await this.data.get(unread, [name, user, name]))?.n) })))
  }

  close(): Promise<void> {
    return this.data.close()
  }
}
