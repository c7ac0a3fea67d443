// koa-reactor: live server-rendered components for Koa, with their state signed into the page.
/**
 * The server side: `Reactor` (the Koa middleware and the WebSocket), `Component`, the types `t`, buses, presence, uploads.
 * @module koa-reactor
 */
import type { ClientMessage as CoreMessage } from './wire/protocol.js'
import type { Announce, Cancel } from './features/uploads/messages.js'

type UploadMessage = Announce | Cancel

export { Component, type ComponentClass, type Effect } from './component.js'
export type { Args, ArgsOfDeclaration, Register } from './core/typing.js'
export { AuthComponent, StaffComponent } from './auth.js'
export { Reactor } from './reactor.js'
export type { ReactorApp, ReactorOptions } from './koa/reactor.js'
export type { DashboardOptions } from './features/dashboard/index.js'
export type { RenderPage } from './koa/page.js'
export type { FeatureOptions } from './koa/options.js'
export type { FallbackOptions, Transport } from './koa/http/options.js'
export type { App, Feature, PageHooks, PageOut, PageScope, Plugin } from './koa/plugin.js'
/** a plugin's effects: `ask(component, effect)`, its kinds added to `EffectKinds` (`declare module 'koa-reactor'`) */
export { ask, type EffectKinds } from './core/effects.js'
export { t, type Infer, type Model, type Shape, type StandardSchema, ValidationError } from './core/schema.js'
export { form, type FormOptions } from './features/forms/form.js'
export type { Field } from './features/forms/field.js'
// `then` is in `templateHelpers` only: a module that exports `then` is a thenable, and `await import()` of it never settles
export { tojson, tojsonSafe, ifnot, eq, cond, templateHelpers } from './core/helpers.js'
export type { Bus, Listener } from './realtime/bus/bus.js'
export { MemoryBus } from './realtime/bus/memory.js'
export { RedisBus, type RedisBusOptions } from './realtime/bus/redis.js'
export { ClusterBus, type ClusterBusOptions } from './realtime/bus/cluster.js'
export { PostgresFeed, type PostgresFeedOptions, type PostgresTable } from './realtime/feeds/postgres.js'
export { drizzleTransactions, type DrizzleDatabase, type DrizzleTransactions } from './realtime/feeds/drizzle.js'
export { appliedTable, type AppliedTable, type AppliedTableOptions, type SqlQuery } from './realtime/applied-table.js'
export type { AppliedStore } from './realtime/applied-table.js'
export type { RedisClient, RedisConnectionOptions, RedisTransaction } from './realtime/bus/redis-client.js'
export type { AutoBroadcastSetting, Change, ChangeFeed, Families, LinkChange, Pk, RecordChange, Relation } from './realtime/models.js'
export { MemoryPresence, type Meta, type Present, type PresenceStore, type Topic } from './features/presence/index.js'
export { RedisPresence, type RedisPresenceOptions } from './features/presence/redis.js'
export { DirectoryStore, StoreRefusal, type UploadStore } from './features/uploads/store.js'
export type { UploadedFile } from './features/uploads/receiver.js'
export type { UploadRule } from './features/uploads/rules.js'
export type { Stream, StreamOptions, InsertOptions } from './features/streams/index.js'
export type { ServerMessage } from './wire/protocol.js'
/** What a browser sends on the socket: the core's messages and the capabilities' (uploads: `up`, `upx`). */
export type ClientMessage = CoreMessage | UploadMessage
export type { Logger } from './wire/errors.js'
export type { Transaction } from './realtime/models.js'
export { DEFAULT_LIMITS, type Limits } from './wire/limits.js'
