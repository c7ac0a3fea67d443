// What the Redis buses share with presence, the replay marks and the applied-events log: the connection for
// commands (one Redis, or the Redis Cluster), the key prefix, and the channels this node listens to.
import type { RedisClient } from './redis-client.js'
import type { Bus, Channels } from './bus.js'
import { ClusterBus } from './cluster.js'
import { RedisBus } from './redis.js'


export interface SharedRedis {
  /** one Redis, or a Redis Cluster (ClusterBus gives its Cluster: it has every command used, routed by key) */
  commands: RedisClient
  prefix: string
  channels: Channels
}

/** The Redis behind `bus`, when it is one of the Redis buses. */
export function sharedRedis(bus: Bus): SharedRedis | undefined {
  return bus instanceof RedisBus || bus instanceof ClusterBus ? bus : undefined
}
