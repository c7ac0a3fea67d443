// koa-reactor: live server-rendered components for Koa, with their state signed into the page.
/**
 * The server side: `Reactor` (the Koa middleware and the WebSocket), `Component`, the types `t`, buses, presence, uploads.
 * @module koa-reactor
 */
export { Component, type ComponentClass, type Effect } from './core/component.js'
export type { Args, ArgsOfDeclaration, Register } from './core/typing.js'
export { AuthComponent, StaffComponent } from './core/auth.js'
export { Reactor, type ReactorApp, type ReactorOptions, type RenderPage } from './koa/reactor.js'
export { t, type Infer, type Model, type Shape, type StandardSchema, ValidationError } from './core/schema.js'
// `then` is in `templateHelpers` only: a module that exports `then` is a thenable, and `await import()` of it never settles
export { tojson, tojsonSafe, ifnot, eq, cond, templateHelpers } from './core/helpers.js'
export type { Bus, Listener } from './realtime/bus/bus.js'
export { MemoryBus } from './realtime/bus/memory.js'
export { RedisBus, type RedisBusOptions } from './realtime/bus/redis.js'
export { ClusterBus, type ClusterBusOptions } from './realtime/bus/cluster.js'
export { PostgresFeed, type PostgresFeedOptions, type PostgresTable } from './realtime/feeds/postgres.js'
export { drizzleTransactions, type DrizzleDatabase, type DrizzleTransactions } from './realtime/feeds/drizzle.js'
export type { RedisClient, RedisConnectionOptions, RedisTransaction } from './realtime/bus/redis-client.js'
export type { AutoBroadcastSetting, Change, ChangeFeed, Families, LinkChange, Pk, RecordChange, Relation } from './realtime/models.js'
export { MemoryPresence, type Meta, type Present, type PresenceStore, type Topic } from './features/presence.js'
export { RedisPresence, type RedisPresenceOptions } from './features/presence-redis.js'
export { DirectoryStore, StoreRefusal, type UploadStore } from './features/uploads/store.js'
export type { UploadedFile } from './features/uploads/receiver.js'
export type { UploadRule } from './features/uploads/rules.js'
export type { Stream, StreamOptions, InsertOptions } from './features/streams.js'
export type { ClientMessage, ServerMessage } from './wire/protocol.js'
export type { Logger, Transaction } from './wire/host.js'
export { DEFAULT_LIMITS, type Limits } from './wire/limits.js'
