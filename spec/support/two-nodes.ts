// Two example nodes on one real Redis and one database, started before a spec file's specs and stopped after.
import { RedisServer } from './redis.js'
import { startExample, temporaryDatabase, type Running } from './server.js'

export interface TwoNodes {
  one: Running
  two: Running
  redis: RedisServer
}

export function useTwoNodes(): TwoNodes {
  const nodes = {} as TwoNodes
  let database: ReturnType<typeof temporaryDatabase>
  before(async () => {
    nodes.redis = await RedisServer.start()
    database = temporaryDatabase()
    nodes.one = await startExample({ redis: nodes.redis.url }, { database: database.file })
    nodes.two = await startExample({ redis: nodes.redis.url }, { database: database.file })
  })
  after(async () => {
    await nodes.one.close()
    await nodes.two.close()
    await nodes.redis.stop()
    database.remove()
  })
  return nodes
}
