// The examples' data layer, on SQLite (the default: nothing to install) or on Postgres (DATABASE_URL, as
// `make cluster` runs them). The stores write their SQL once, in what both understand (`?` placeholders,
// ON CONFLICT, RETURNING, CAST), and write the records whose changes are auto-broadcast through `insert`,
// `update` and `delete`: on SQLite the adapter reports each change; on Postgres the change feed's triggers do,
// for every writer (psql too).
import { PostgresFeed, type ChangeFeed, type Pk, type Transaction } from 'koa-reactor'
import type { Statement } from 'better-sqlite3'
import type { ModelSpec, Row, SqliteData } from './sqlite.js'

export type { Row } from './sqlite.js'

export interface ExampleData {
  /** 'sqlite' or 'postgres': the few statements that differ (a table's key) ask */
  readonly dialect: 'sqlite' | 'postgres'
  /** for the Reactor's `changes` and `transaction` options */
  readonly changes: ChangeFeed
  readonly transaction: Transaction
  all<R = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>
  get<R = Row>(sql: string, params?: readonly unknown[]): Promise<R | undefined>
  run(sql: string, params?: readonly unknown[]): Promise<void>
  /** statements without parameters, separated by semicolons (a schema) */
  exec(sql: string): Promise<void>
  /** runs `work` in a transaction that the nodes starting together take one at a time (a schema and its seed) */
  setup(work: () => Promise<void>): Promise<void>
  insert(model: string, values: Row): Promise<Row>
  update(model: string, pk: Pk, values: Row): Promise<Row | undefined>
  delete(model: string, pk: Pk): Promise<Row | undefined>
  close(): Promise<void>
}

/** An auto-incremented integer key in either dialect. */
export const serialKey = (data: ExampleData) => (data.dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'SERIAL PRIMARY KEY')

/** The examples' SQLite adapter (example/sqlite.ts) behind the same promises. */
export class SqliteExampleData implements ExampleData {
  readonly dialect = 'sqlite'
  readonly transaction: Transaction
  /** prepared once: a subscribed component's query runs on every broadcast, and preparing costs more than it */
  private readonly statements = new Map<string, Statement>()

  constructor(readonly sqlite: SqliteData) {
    this.transaction = sqlite.transaction
  }

  get changes(): ChangeFeed {
    return this.sqlite
  }

  async all<R = Row>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return this.statement(sql).all(...params) as R[]
  }

  async get<R = Row>(sql: string, params: readonly unknown[] = []): Promise<R | undefined> {
    return this.statement(sql).get(...params) as R | undefined
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<void> {
    this.statement(sql).run(...params)
  }

  async exec(sql: string): Promise<void> {
    this.sqlite.db.exec(sql)
  }

  setup(work: () => Promise<void>): Promise<void> {
    return this.sqlite.transaction(work) // BEGIN IMMEDIATE: one process at a time
  }

  async insert(model: string, values: Row): Promise<Row> {
    return this.sqlite.insert(model, values)
  }

  async update(model: string, pk: Pk, values: Row): Promise<Row | undefined> {
    return this.sqlite.update(model, pk, values)
  }

  async delete(model: string, pk: Pk): Promise<Row | undefined> {
    return this.sqlite.delete(model, pk)
  }

  async close(): Promise<void> {
    this.sqlite.close()
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql)
    if (!statement) this.statements.set(sql, (statement = this.sqlite.db.prepare(sql)))
    return statement
  }
}

/** `?` placeholders as Postgres numbers them ($1, $2...); the examples' SQL has no `?` in a string. */
const numbered = (sql: string) => {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

/** Postgres through the library's PostgresFeed: its triggers report every change, its pool runs the queries. */
export class PostgresExampleData implements ExampleData {
  readonly dialect = 'postgres'
  readonly feed: PostgresFeed

  constructor(url: string, private readonly models: Record<string, ModelSpec>) {
    this.feed = new PostgresFeed(url, { tables: models })
  }

  get changes(): ChangeFeed {
    return this.feed
  }

  get transaction(): Transaction {
    return this.feed.transaction
  }

  all<R = Row>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return this.feed.query<R>(numbered(sql), params)
  }

  async get<R = Row>(sql: string, params: readonly unknown[] = []): Promise<R | undefined> {
    return (await this.all<R>(sql, params))[0]
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<void> {
    await this.all(sql, params)
  }

  async exec(sql: string): Promise<void> {
    await this.feed.query(sql)
  }

  /** Under an advisory lock (the nodes of `make cluster` start on one database); the triggers after the tables. */
  async setup(work: () => Promise<void>): Promise<void> {
    await this.feed.transaction(async () => {
      await this.feed.query("SELECT pg_advisory_xact_lock(hashtext('koa-reactor examples'))")
      await work()
    })
  }

  insert(model: string, values: Row): Promise<Row> {
    const columns = Object.keys(values)
    const sql = columns.length
      ? `INSERT INTO ${this.table(model)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) RETURNING *`
      : `INSERT INTO ${this.table(model)} DEFAULT VALUES RETURNING *`
    return this.get(sql, Object.values(values)) as Promise<Row>
  }

  update(model: string, pk: Pk, values: Row): Promise<Row | undefined> {
    const sets = Object.keys(values).map((c) => `${quote(c)} = ?`)
    if (sets.length === 0) return this.get(`SELECT * FROM ${this.table(model)} WHERE ${this.key(model)} = ?`, [pk])
    return this.get(`UPDATE ${this.table(model)} SET ${sets.join(', ')} WHERE ${this.key(model)} = ? RETURNING *`, [...Object.values(values), pk])
  }

  delete(model: string, pk: Pk): Promise<Row | undefined> {
    return this.get(`DELETE FROM ${this.table(model)} WHERE ${this.key(model)} = ? RETURNING *`, [pk])
  }

  close(): Promise<void> {
    return this.feed.close()
  }

  private table(model: string): string {
    const spec = this.models[model]
    if (!spec) throw new Error(`postgres: no model named ${JSON.stringify(model)}; declare it in example/database.ts`)
    return quote(spec.table ?? model)
  }

  private key(model: string): string {
    return quote(this.models[model]?.pk ?? 'id')
  }
}

function quote(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`postgres: ${JSON.stringify(name)} is not a valid table or column name`)
  return `"${name}"`
}
