// What koa-reactor needs of a Redis client, in its own types: the package's declarations never name ioredis, so
// an app type-checks without a Redis client's declarations (and their mistakes), and ioredis is loaded from the
// app's node_modules only when Redis is configured.
import { createRequire } from 'node:module'

/** The commands a transaction queues; `exec` answers `[error, result]` per command, or null when aborted. */
export interface RedisTransaction {
  zrem(key: string, member: string): RedisTransaction
  hdel(key: string, field: string): RedisTransaction
  zadd(key: string, score: number, member: string): RedisTransaction
  hset(key: string, field: string, value: string): RedisTransaction
  pexpire(key: string, ms: number): RedisTransaction
  exec(): Promise<Array<[Error | null, unknown]> | null>
}

/** The part of an ioredis client (`new Redis(url)`) koa-reactor uses: an ioredis 6 client is one as it is. */
export interface RedisClient {
  /** 'ready' when commands go through; 'wait', 'connecting', 'connect' before; anything else when lost */
  readonly status: string
  on(event: string, listener: (...args: any[]) => void): unknown
  once(event: string, listener: (...args: any[]) => void): unknown
  off(event: string, listener: (...args: any[]) => void): unknown
  publish(channel: string, message: string): Promise<unknown>
  subscribe(...channels: string[]): Promise<unknown>
  unsubscribe(...channels: string[]): Promise<unknown>
  get(key: string): Promise<string | null>
  set(key: string, value: string, expiry: 'EX', seconds: number): Promise<unknown>
  eval(script: string, keys: number, ...args: Array<string | number>): Promise<unknown>
  zrangebyscore(key: string, min: number | string, max: number | string): Promise<string[]>
  hmget(key: string, ...fields: string[]): Promise<Array<string | null>>
  multi(): RedisTransaction
  quit(): Promise<unknown>
  disconnect(): void
}

/**
 * Options passed as they are to both ioredis connections of the bus (see ioredis's `RedisOptions`): `password`,
 * `username`, `db`, `tls`, `retryStrategy`, and any other option of the installed ioredis.
 */
export interface RedisConnectionOptions {
  username?: string
  password?: string
  db?: number
  tls?: object
  retryStrategy?: (times: number) => number | null | void
  [option: string]: unknown
}

type RedisConstructor = new (url: string, options: RedisConnectionOptions) => RedisClient

let Redis: RedisConstructor | undefined

/** ioredis, loaded once by the first Redis connection: an app without Redis never loads it (nor needs it). */
function ioredis(): RedisConstructor {
  if (Redis) return Redis
  try {
    return (Redis = (createRequire(import.meta.url)('ioredis') as { Redis: RedisConstructor }).Redis)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' || !String((error as Error).message).includes("'ioredis'")) throw error
    throw new Error("koa-reactor: Redis is configured (the redis option or REDIS_URL) but ioredis is not installed; run `npm install ioredis` in your app")
  }
}

/** A new ioredis connection to `url`. */
export const connectRedis = (url: string, options: RedisConnectionOptions): RedisClient => new (ioredis())(url, options)
