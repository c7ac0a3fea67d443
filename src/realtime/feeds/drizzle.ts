// Drizzle ORM in a handler's transaction: the `transaction` option runs each handler in `db.transaction(...)`
// and `db()` gives the handler that transaction (else the database), so that its writes commit together or not
// at all. With PostgresFeed's triggers, that is all an app on Drizzle and Postgres writes: the feed hears every
// committed change, whoever wrote it, and a rolled-back handler notifies nothing.
//
// Drizzle is an optional peer and is never imported: any database with `transaction(work(tx))` fits, and a
// transaction is used as the database it came from (Drizzle's transactions have the same query builders).
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Transaction } from '../models.js'

/** What the adapter needs of a Drizzle database (node-postgres, postgres.js, SQLite drivers alike). */
export interface DrizzleDatabase {
  transaction<T>(work: (tx: any) => Promise<T>): Promise<T>
}

export interface DrizzleTransactions<Db extends DrizzleDatabase> {
  /** for the Reactor's `transaction` option: a handler runs in one Drizzle transaction; nested calls join it */
  transaction: Transaction
  /** the current handler's transaction, else the database itself: `await db().insert(items).values({ title })` */
  db(): Db
}

/** Drizzle transactions for handlers: `new Reactor({ transaction: tx.transaction })`, then `tx.db()` in them. */
export function drizzleTransactions<Db extends DrizzleDatabase>(database: Db): DrizzleTransactions<Db> {
  const current = new AsyncLocalStorage<Db>()
  return {
    transaction: (work) => (current.getStore() ? work() : database.transaction((tx) => current.run(tx as Db, work))),
    db: () => current.getStore() ?? database,
  }
}
