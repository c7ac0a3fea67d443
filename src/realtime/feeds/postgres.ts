// The Postgres change feed: a trigger on each table sends NOTIFY with the changed record's keys, and every node
// LISTENs. Postgres delivers a notification only when its transaction commits, so a rolled-back write publishes
// nothing, and a change made by any process (a migration, psql, a worker in another language, a bulk UPDATE)
// reaches every open page. Every node hears every change itself, so the names are delivered on each node, never
// published on the bus again (`everyNode`): nothing arrives twice.
//
// `pg` is an optional peer, loaded from the app's node_modules by the first connection; the public types here
// are the library's own, so an app's type check never reads pg's declarations.
import { AsyncLocalStorage } from 'node:async_hooks'
import { createRequire } from 'node:module'
import type { Transaction } from '../models.js'
import type { Change, ChangeFeed, Pk, Relation } from '../models.js'
import { installSql, type PostgresTable } from './postgres-sql.js'

export type { PostgresTable } from './postgres-sql.js'

/** What the feed needs of a pg client or pooled client. */
interface PgClient {
  query(sql: string, params?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[] }>
  on(event: string, listener: (...args: any[]) => void): unknown
  connect?(): Promise<unknown>
  end?(): Promise<void>
  release?(error?: Error | boolean): void
}
interface PgPool {
  query: PgClient['query']
  connect(): Promise<PgClient>
  end(): Promise<void>
  on(event: string, listener: (...args: any[]) => void): unknown
}
interface Pg {
  Client: new (options: object) => PgClient
  Pool: new (options: object) => PgPool
}

export interface PostgresFeedOptions {
  /** the tables whose changes are broadcast, by model name (as the channel names use it) */
  tables: Record<string, PostgresTable>
  /** the NOTIFY channel; default `koa_reactor` (one per app sharing a database) */
  channel?: string
  /** install the trigger function and the triggers on first use; default true. false: run `feed.sql()` yourself */
  install?: boolean
  /** passed to pg's Pool and Client as they are (ssl, max, statement_timeout...) */
  pg?: Record<string, unknown>
  logger?: { warn(message: string): void }
}

let pg: Pg | undefined
function loadPg(): Pg {
  try {
    return (pg ??= createRequire(import.meta.url)('pg') as Pg)
  } catch {
    throw new Error('koa-reactor: PostgresFeed needs the pg package, which is not installed; run npm install pg')
  }
}

const retry = (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2000)
type Listener = (change: Change) => void

export class PostgresFeed implements ChangeFeed {
  /** every node hears every change itself: deliver the names on this node, never publish them again */
  readonly everyNode = true
  private readonly pool: PgPool
  private readonly channel: string
  private readonly log: { warn(message: string): void }
  private readonly inside = new AsyncLocalStorage<PgClient>()
  private readonly listeners = new Set<Listener>()
  private readonly resyncs = new Set<() => void>()
  private listener?: PgClient
  private started?: Promise<void>
  private installed?: Promise<void>
  private tries = 0
  private down = false
  private closed = false

  constructor(private readonly url: string, private readonly options: PostgresFeedOptions) {
    this.channel = options.channel ?? 'koa_reactor'
    this.log = options.logger ?? console
    installSql('koa_reactor_notify', this.channel, options.tables) // refuses a bad name now, not at the first change
    this.pool = new (loadPg().Pool)({ connectionString: url, ...options.pg })
    this.pool.on('error', () => undefined) // an idle client lost: the pool makes another
  }

  /** The SQL that installs the trigger function and the triggers, for teams that run their migrations themselves. */
  sql(): string {
    return installSql('koa_reactor_notify', this.channel, this.options.tables)
  }

  /** Installs (or replaces) the trigger function and the triggers; one node at a time. */
  install(): Promise<void> {
    return (this.installed ??= this.transaction(async () => {
      await this.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`koa-reactor ${this.channel}`])
      await this.query(this.sql())
    }).catch((error: Error) => {
      this.installed = undefined
      throw error
    }))
  }

  /** `resync` runs after the node lost its connection and listens again: changes meanwhile were not heard. */
  subscribe(listener: Listener, resync?: () => void): () => void {
    this.listeners.add(listener)
    if (resync) this.resyncs.add(resync)
    void this.listening.catch(() => undefined)
    return () => {
      this.listeners.delete(listener)
      if (resync) this.resyncs.delete(resync)
    }
  }

  /** Resolves once this node LISTENs (the triggers installed first, unless `install: false`). */
  get listening(): Promise<void> {
    return (this.started ??= this.listen())
  }

  /** Runs a query in the current transaction (inside `transaction`), else on a pooled connection. */
  async query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    const client = this.inside.getStore() ?? this.pool
    return (await client.query(sql, params)).rows as R[]
  }

  /**
   * Runs `work` in one transaction on one pooled connection (`query` inside it uses that connection); COMMIT,
   * or ROLLBACK if it throws. Give it to the Reactor's `transaction` option: a handler's writes commit together,
   * and a rolled-back handler notifies nothing. A transaction started inside another is part of it.
   */
  transaction: Transaction = async (work) => {
    if (this.inside.getStore()) return work()
    const client = await this.pool.connect()
    let failed: unknown
    try {
      await client.query('BEGIN')
      const result = await this.inside.run(client, work)
      await client.query('COMMIT')
      return result
    } catch (error) {
      failed = error
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      client.release?.(failed instanceof Error && /connection/i.test(failed.message) ? failed : undefined)
    }
  }

  async close(): Promise<void> {
    this.closed = true
    await this.listener?.end?.().catch(() => undefined)
    await this.pool.end().catch(() => undefined)
  }

  private async listen(): Promise<void> {
    if (this.options.install !== false) await this.install()
    const client = new (loadPg().Client)({ connectionString: this.url, ...this.options.pg })
    client.on('notification', (message: { channel: string; payload?: string }) => this.heard(message.payload))
    client.on('error', () => this.lost(client))
    client.on('end', () => this.lost(client))
    await client.connect?.()
    await client.query(`LISTEN ${this.channel}`)
    this.listener = client
    this.tries = 0
  }

  private lost(client: PgClient): void {
    if (this.closed || this.listener !== client) return
    this.listener = undefined
    if (!this.down) this.log.warn(`koa-reactor: the Postgres change feed lost its connection; reconnecting (pages update again once it is back)`)
    this.down = true
    this.reconnect()
  }

  private reconnect(): void {
    setTimeout(() => {
      if (this.closed) return
      this.listen().then(() => this.back(), () => this.reconnect())
    }, retry(this.tries++)).unref()
  }

  /** Listening again: what changed meanwhile was not heard, so every subscriber re-renders once. */
  private back(): void {
    this.down = false
    this.log.warn(`koa-reactor: the Postgres change feed listens again`)
    for (const resync of this.resyncs) resync()
  }

  private heard(payload: string | undefined): void {
    const change = parse(payload)
    if (change === 'all') for (const resync of this.resyncs) resync()
    else if (change) for (const listener of this.listeners) listener(change)
    else this.log.warn(`koa-reactor: the Postgres change feed ignored a notification on ${this.channel} it did not send: ${String(payload).slice(0, 80)}`)
  }
}

const ACTIONS = { i: 'create', u: 'update', d: 'delete' } as const

/** A trigger's notification as a change; 'all' for a TRUNCATE (every record may have changed). */
function parse(payload: string | undefined): Change | 'all' | undefined {
  try {
    const note = JSON.parse(payload ?? '') as { m?: unknown; a?: unknown; k?: unknown; r?: unknown }
    if (note.a === 't') return 'all'
    const action = ACTIONS[note.a as keyof typeof ACTIONS]
    if (!action || typeof note.m !== 'string' || !isPk(note.k) || !Array.isArray(note.r)) return undefined
    const related: Relation[] = note.r.map(([model, pk, name]: [string, Pk | null, string]) => ({ model, pk, name }))
    return { action, model: note.m, pk: note.k, related }
  } catch {
    return undefined
  }
}

const isPk = (value: unknown): value is Pk => typeof value === 'string' || typeof value === 'number'
