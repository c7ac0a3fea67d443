// Two example nodes on one real Redis and one database, started before a spec file's specs and stopped after.
import type { ReactorOptions } from '../../src/index.js'
import { RedisServer } from './redis.js'
import { startExample, temporaryDatabase, type Running } from './server.js'

export interface TwoNodes {
  one: Running
  two: Running
  redis: RedisServer
  /** the database's file, for a node started again (set `one` or `two` to it: it is the one stopped after) */
  database: string
  /** the Reactor options both nodes were started with (Redis's URL among them) */
  options: ReactorOptions
}

/** `options`: for both nodes' Reactors, beside the shared Redis. */
export function useTwoNodes(options: ReactorOptions = {}): TwoNodes {
  const nodes = {} as TwoNodes
  let database: ReturnType<typeof temporaryDatabase>
  before(async () => {
    nodes.redis = await RedisServer.start()
    database = temporaryDatabase()
    nodes.database = database.file
    nodes.options = { ...options, redis: nodes.redis.url }
    nodes.one = await startExample(nodes.options, { database: database.file })
    nodes.two = await startExample(nodes.options, { database: database.file })
  })
  after(async () => {
    await nodes.one.close()
    await nodes.two.close()
    await nodes.redis.stop()
    database.remove()
  })
  return nodes
}
