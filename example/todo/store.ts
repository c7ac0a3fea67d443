// The TodoMVC data: one table of items in the examples' database (SQLite or Postgres). Every write goes through
// the data layer, whose changes are auto-broadcast (`item`, `item.new`, `item.del`, `item.<id>`).
import { serialKey, SqliteExampleData, type ExampleData, type Row } from '../data.js'
import { SqliteData } from '../sqlite.js'

export interface Todo {
  id: number
  title: string
  completed: boolean
}

export type Filter = 'all' | 'active' | 'completed'
export const FILTERS: readonly Filter[] = ['all', 'active', 'completed']

const WHERE: Record<Filter, string> = { all: '', active: 'WHERE completed = 0', completed: 'WHERE completed = 1' }

function todo(row: Row | undefined): Todo | undefined {
  return row && { id: Number(row.id), title: String(row.title), completed: Number(row.completed) === 1 }
}

export class TodoStore {
  readonly data: ExampleData

  /** On the examples' database, or on a SQLite file of its own; `await store.setup()` before the first query. */
  constructor(source: ExampleData | string) {
    this.data = typeof source === 'string' ? new SqliteExampleData(new SqliteData(source, { item: {} })) : source
  }

  /** Creates the table (once, whichever node comes first). */
  setup(): Promise<void> {
    return this.data.setup(() => this.data.exec(`CREATE TABLE IF NOT EXISTS item (id ${serialKey(this.data)}, title TEXT NOT NULL, completed INTEGER NOT NULL DEFAULT 0)`))
  }

  async get(id: number): Promise<Todo | undefined> {
    return todo(await this.data.get('SELECT * FROM item WHERE id = ?', [id]))
  }

  async list(filter: Filter = 'all'): Promise<Todo[]> {
    return (await this.data.all(`SELECT * FROM item ${WHERE[filter]} ORDER BY id`)).map((r) => todo(r)!)
  }

  async counts(): Promise<{ total: number; completed: number; left: number }> {
    const row = await this.data.get('SELECT count(*) AS total, coalesce(sum(completed), 0) AS completed FROM item')
    const [total, completed] = [Number(row?.total), Number(row?.completed)]
    return { total, completed, left: total - completed }
  }

  async add(title: string): Promise<Todo> {
    return todo(await this.data.insert('item', { title, completed: 0 }))!
  }

  async update(id: number, changes: { title?: string; completed?: boolean }): Promise<Todo | undefined> {
    const values = { ...changes, ...(changes.completed === undefined ? {} : { completed: changes.completed ? 1 : 0 }) }
    return todo(await this.data.update('item', id, values))
  }

  async remove(id: number): Promise<void> {
    await this.data.delete('item', id)
  }

  /** Marks every todo completed (or active). */
  async setAll(completed: boolean): Promise<void> {
    for (const { id } of await this.list(completed ? 'active' : 'completed')) await this.update(id, { completed })
  }

  async clearCompleted(): Promise<void> {
    for (const { id } of await this.list('completed')) await this.remove(id)
  }

  close(): Promise<void> {
    return this.data.close()
  }
}
