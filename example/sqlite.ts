// The examples' data layer: an embedded SQLite database (better-sqlite3) that implements koa-reactor's
// change feed, so that auto-broadcast publishes the seed's channel names for every record it writes.
// It is the example's adapter, not part of the library: another data layer implements `ChangeFeed` the same way.
import { AsyncLocalStorage } from 'node:async_hooks'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { Change, ChangeFeed, Pk, Relation } from 'koa-reactor'

export interface ModelSpec {
  /** the table; default: the model's name */
  table?: string
  /** the primary key column; default `id` */
  pk?: string
  /** foreign key columns: the model each points at, and the name that model knows the relation by (default: this model) */
  foreignKeys?: Record<string, { model: string; name?: string }>
}

/** A many-to-many relation kept in a join table: each side's model, its column there, and its field name. */
export interface LinkSpec {
  table: string
  from: { model: string; column: string; field: string }
  to: { model: string; column: string; field: string }
}

export type Row = Record<string, unknown>

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

function quote(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`sqlite: ${JSON.stringify(name)} is not a valid table or column name`)
  return `"${name}"`
}

export class SqliteData implements ChangeFeed {
  readonly db: Database.Database
  private readonly listeners = new Set<(change: Change) => void>()
  private readonly inside = new AsyncLocalStorage<true>()
  private queue: Promise<unknown> = Promise.resolve()

  /** Opens (creating its folder) `file` in WAL mode, so that several processes can share it. */
  constructor(file: string, private readonly models: Record<string, ModelSpec>, private readonly links: Record<string, LinkSpec> = {}) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
    this.db = new Database(file, { timeout: 5000 })
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('foreign_keys = ON')
  }

  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  /**
   * Runs `work` in one transaction (BEGIN IMMEDIATE ... COMMIT, ROLLBACK if it throws). Transactions of this
   * connection run one at a time; a transaction started inside another is part of it. Give it to the Reactor's
   * `transaction` option so that handlers run in it and their changes are broadcast after the commit.
   */
  transaction = <T>(work: () => Promise<T>): Promise<T> => {
    if (this.inside.getStore()) return work()
    const run = () =>
      this.inside.run(true, async () => {
        this.db.exec('BEGIN IMMEDIATE')
        try {
          const result = await work()
          this.db.exec('COMMIT')
          return result
        } catch (error) {
          if (this.db.inTransaction) this.db.exec('ROLLBACK')
          throw error
        }
      })
    const result = this.queue.then(run)
    this.queue = result.catch(() => undefined)
    return result
  }

  get(model: string, pk: Pk): Row | undefined {
    const { table, key } = this.spec(model)
    return this.db.prepare(`SELECT * FROM ${table} WHERE ${key} = ?`).get(pk) as Row | undefined
  }

  insert(model: string, values: Row): Row {
    const { table } = this.spec(model)
    const columns = Object.keys(values)
    const sql = columns.length
      ? `INSERT INTO ${table} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) RETURNING *`
      : `INSERT INTO ${table} DEFAULT VALUES RETURNING *`
    const row = this.db.prepare(sql).get(...Object.values(values)) as Row
    this.emit({ action: 'create', model, pk: this.pkOf(model, row), related: this.related(model, row) })
    return row
  }

  /** The updated row, or undefined when there is no such row. */
  update(model: string, pk: Pk, values: Row): Row | undefined {
    const { table, key } = this.spec(model)
    const sets = Object.keys(values).map((c) => `${quote(c)} = ?`)
    if (sets.length === 0) return this.get(model, pk)
    const row = this.db.prepare(`UPDATE ${table} SET ${sets.join(', ')} WHERE ${key} = ? RETURNING *`).get(...Object.values(values), pk) as Row | undefined
    if (row) this.emit({ action: 'update', model, pk: this.pkOf(model, row), related: this.related(model, row) })
    return row
  }

  /** The deleted row, or undefined when there was none. */
  delete(model: string, pk: Pk): Row | undefined {
    const { table, key } = this.spec(model)
    const row = this.db.prepare(`DELETE FROM ${table} WHERE ${key} = ? RETURNING *`).get(pk) as Row | undefined
    if (row) this.emit({ action: 'delete', model, pk: this.pkOf(model, row), related: this.related(model, row) })
    return row
  }

  /** Links `from` to each of `to` in the many-to-many relation `name` (links that exist are left alone). */
  link(name: string, from: Pk, to: readonly Pk[]): void {
    const link = this.relation(name)
    const insert = this.db.prepare(`INSERT OR IGNORE INTO ${quote(link.table)} (${quote(link.from.column)}, ${quote(link.to.column)}) VALUES (?, ?)`)
    const added = to.filter((pk) => insert.run(from, pk).changes > 0)
    if (added.length) this.emit({ action: 'add', ...this.sides(link, from), pks: added })
  }

  unlink(name: string, from: Pk, to: readonly Pk[]): void {
    const link = this.relation(name)
    const remove = this.db.prepare(`DELETE FROM ${quote(link.table)} WHERE ${quote(link.from.column)} = ? AND ${quote(link.to.column)} = ?`)
    const removed = to.filter((pk) => remove.run(from, pk).changes > 0)
    if (removed.length) this.emit({ action: 'remove', ...this.sides(link, from), pks: removed })
  }

  close(): void {
    this.db.close()
  }

  private emit(change: Change): void {
    for (const listener of this.listeners) listener(change)
  }

  private spec(model: string): { table: string; key: string } {
    const spec = this.models[model]
    if (!spec) throw new Error(`sqlite: no model named ${JSON.stringify(model)}; declare it when opening the database`)
    return { table: quote(spec.table ?? model), key: quote(spec.pk ?? 'id') }
  }

  private pkOf(model: string, row: Row): Pk {
    return row[this.models[model].pk ?? 'id'] as Pk
  }

  private related(model: string, row: Row): Relation[] {
    return Object.entries(this.models[model].foreignKeys ?? {}).map(([column, to]) => ({ model: to.model, pk: row[column] as Pk | null, name: to.name }))
  }

  private relation(name: string): LinkSpec {
    const link = this.links[name]
    if (!link) throw new Error(`sqlite: no many-to-many relation named ${JSON.stringify(name)}; declare it when opening the database`)
    return link
  }

  private sides(link: LinkSpec, from: Pk) {
    return { model: link.from.model, pk: from, field: link.from.field, other: link.to.model, otherField: link.to.field }
  }
}
