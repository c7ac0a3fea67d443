// The TodoMVC data: one table of items in the example's SQLite database. Every write goes through the
// adapter, which reports it to auto-broadcast (`item`, `item.new`, `item.del`, `item.<id>`).
import type { Statement } from 'better-sqlite3'
import { SqliteData } from '../sqlite.js'

export interface Todo {
  id: number
  title: string
  completed: boolean
}

export type Filter = 'all' | 'active' | 'completed'
export const FILTERS: readonly Filter[] = ['all', 'active', 'completed']

const SCHEMA = `CREATE TABLE IF NOT EXISTS item (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title TEXT NOT NULL,
  completed INTEGER NOT NULL DEFAULT 0
)`

const WHERE: Record<Filter, string> = { all: '', active: 'WHERE completed = 0', completed: 'WHERE completed = 1' }

function todo(row: Record<string, unknown> | undefined): Todo | undefined {
  return row && { id: Number(row.id), title: String(row.title), completed: row.completed === 1 }
}

export class TodoStore {
  readonly data: SqliteData
  private counting?: Statement

  /** On the examples' database, or on a database file of its own. */
  constructor(source: SqliteData | string) {
    this.data = typeof source === 'string' ? new SqliteData(source, { item: {} }) : source
    this.data.db.exec(SCHEMA)
  }

  get(id: number): Todo | undefined {
    return todo(this.data.get('item', id))
  }

  list(filter: Filter = 'all'): Todo[] {
    return (this.data.db.prepare(`SELECT * FROM item ${WHERE[filter]} ORDER BY id`).all() as Record<string, unknown>[]).map((r) => todo(r)!)
  }

  counts(): { total: number; completed: number; left: number } {
    // prepared once: every subscribed counter runs it on each broadcast (preparing cost more than the query)
    this.counting ??= this.data.db.prepare('SELECT count(*) AS total, coalesce(sum(completed), 0) AS completed FROM item')
    const { total, completed } = this.counting.get() as {
      total: number
      completed: number
    }
    return { total, completed, left: total - completed }
  }

  add(title: string): Todo {
    return todo(this.data.insert('item', { title, completed: 0 }))!
  }

  update(id: number, changes: { title?: string; completed?: boolean }): Todo | undefined {
    const values = { ...changes, ...(changes.completed === undefined ? {} : { completed: changes.completed ? 1 : 0 }) }
    return todo(this.data.update('item', id, values))
  }

  remove(id: number): void {
    this.data.delete('item', id)
  }

  /** Marks every todo completed (or active). */
  setAll(completed: boolean): void {
    for (const { id } of this.list(completed ? 'active' : 'completed')) this.update(id, { completed })
  }

  clearCompleted(): void {
    for (const { id } of this.list('completed')) this.remove(id)
  }

  close(): void {
    this.data.close()
  }
}
