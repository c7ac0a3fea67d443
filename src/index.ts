// koa-reactor: live server-rendered components for Koa, with their state signed into the page.
export { Component, type ComponentClass, type Effect } from './component.js'
export { AuthComponent, StaffComponent } from './auth.js'
export { Reactor, type ReactorOptions } from './reactor.js'
export { t, type Infer, type Model, type Shape, type StandardSchema, ValidationError } from './schema.js'
export { tojson, tojsonSafe, then, ifnot, eq, cond } from './helpers.js'
export type { Bus, Listener } from './bus/bus.js'
export { MemoryBus } from './bus/memory.js'
export { RedisBus, type RedisBusOptions } from './bus/redis.js'
export {
  channelNames, familiesOf, type AutoBroadcastSetting, type Change, type ChangeFeed, type Families, type LinkChange, type Pk,
  type RecordChange, type Relation,
} from './models.js'
export type { ClientMessage, ServerMessage } from './protocol.js'
export type { Logger, Transaction } from './socket.js'
