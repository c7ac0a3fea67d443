// The `applied` option's SQL store (appliedTable) on a real SQLite database: a record commits with the handler's
// transaction or not at all, it is found until it expires, expired rows are swept, and a mistake says what to do.
import { expect } from 'chai'
import Database from 'better-sqlite3'
import { appliedTable, Reactor } from '../src/index.js'

function sqlite() {
  const db = new Database(':memory:')
  const query = async (sql: string, params: unknown[]) => {
    const statement = db.prepare(sql)
    return statement.reader ? statement.all(...params) : statement.run(...params)
  }
  const transaction = async <T>(work: () => Promise<T>): Promise<T> => {
    db.exec('BEGIN')
    try {
      const result = await work()
      db.exec('COMMIT')
      return result
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  }
  return { db, query, transaction }
}

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600

describe('appliedTable: applied events in the app database', () => {
  it('records an event in the transaction and finds its token on lookup', async () => {
    const { query, transaction } = sqlite()
    const applied = appliedTable({ query })
    await applied.setup()
    await applied.setup() // once more: the table is kept
    await transaction(() => applied.record('s:p:c:1', 'token-1', inAnHour()))
    expect(await applied.lookup('s:p:c:1')).to.equal('token-1')
    expect(await applied.lookup('s:p:c:2')).to.equal(undefined)
  })

  it('records nothing when the handler transaction rolls back', async () => {
    const { query, transaction } = sqlite()
    const applied = appliedTable({ query })
    await applied.setup()
    const failing = transaction(async () => {
      await applied.record('s:p:c:1', 'token-1', inAnHour())
      throw new Error('the handler failed')
    })
    await failing.then(() => expect.fail('it should throw'), (e: Error) => expect(e.message).to.equal('the handler failed'))
    expect(await applied.lookup('s:p:c:1')).to.equal(undefined)
  })

  it('forgets an expired event, and sweeps expired rows', async () => {
    const { db, query } = sqlite()
    const applied = appliedTable({ query, table: 'applied_events', sweepSeconds: 0 })
    await applied.setup()
    await applied.record('old', 'token-old', Math.floor(Date.now() / 1000) - 1)
    expect(await applied.lookup('old')).to.equal(undefined)
    await applied.record('new', 'token-new', inAnHour())
    expect(db.prepare('SELECT event FROM applied_events').all()).to.deep.equal([{ event: 'new' }])
  })

  it('numbers the placeholders for Postgres', async () => {
    const seen: string[] = []
    const applied = appliedTable({ query: async (sql) => (seen.push(sql), []), placeholders: '$1' })
    await applied.lookup('k')
    expect(seen).to.deep.equal(['SELECT token FROM reactor_applied WHERE event = $1 AND expires >= $2'])
  })

  it('says what to fix: a bad table name, a missing query, or the option without a transaction', () => {
    const { query } = sqlite()
    expect(() => appliedTable({ query, table: 'x; DROP TABLE y' })).to.throw(/plain SQL name/)
    expect(() => appliedTable({} as never)).to.throw(/needs query/)
    expect(() => new Reactor({ applied: appliedTable({ query }), secret: 's'.repeat(32) })).to.throw(/give the `transaction` option too/)
    expect(() => new Reactor({ applied: {} as never, secret: 's'.repeat(32) })).to.throw(/must be an AppliedStore/)
  })
})
