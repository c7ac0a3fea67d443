// The Reactor's options, what each means, and their checks when `new Reactor()` runs: a typo or a wrong type fails at
// start, saying what to change.
import type { Context } from 'koa'
import { isComponentClass, type ComponentClass } from '../core/component.js'
import type { CheckedClasses } from '../core/typing.js'
import type { Bus } from '../realtime/bus/bus.js'
import type { AutoBroadcastSetting, ChangeFeed, Transaction } from '../realtime/models.js'
import type { Logger } from '../wire/errors.js'
import type { Limits } from '../wire/limits.js'
import type { AppliedStore } from '../realtime/applied-table.js'
import { didYouMean } from '../core/near.js'
import type { Feature } from './plugin.js'
import type { ShutdownOptions } from './shutdown.js'
import { isFallback, isTransport, type FallbackOptions, type Transport } from './http/options.js'

/** The options capabilities add: each declares its own here (module augmentation) and checks it (`Feature.options`). */
export interface FeatureOptions {}

export interface ReactorOptions<Components extends readonly ComponentClass[] = readonly ComponentClass[]> extends FeatureOptions {
  /** the component classes of the app (in TypeScript, each handler's parameter is checked against its declaration) */
  components?: (Components & CheckedClasses<Components>) | undefined
  /** the folders Pug templates (pages and components) are looked up in, in order; default `views` */
  views?: string | string[] | undefined
  /** secrets, newest first; default REACTOR_SECRET (a list separated by commas or spaces) */
  secret?: string | string[] | undefined
  /** the public URL prefix the app is served under, for example `/app` (seed issue #14) */
  prefix?: string | undefined
  /** the WebSocket path under the prefix; default `/__reactor__` */
  path?: string | undefined
  /** Origins allowed to open the socket besides the page's own host */
  origins?: string[] | undefined
  /** seconds a state token stays valid after its last render; default one day */
  tokenTtl?: number | undefined
  /** collapse whitespace in renders (the seed's REACTOR_USE_HMIN); default false */
  minify?: boolean | undefined
  /** recompile templates that changed (in development, `false` also turns live reload off); default true unless NODE_ENV=production */
  watch?: boolean | undefined
  /** finds the logged-in user of a page request or socket; default `ctx.state.user` */
  user?: ((ctx: Context) => unknown) | undefined
  /** a socket runs `user` again before an event once its last answer is older than this; default 5000 ms */
  userRefreshMs?: number | undefined
  /** wraps every handler in the data layer's transaction; `onCommit` work and broadcasts run after it */
  transaction?: Transaction | undefined
  /** records each applied event in the handler's transaction (with `transaction`), so that an event re-sent
   * after its node died between the commit and the answer is answered, not run again: `appliedTable(...)` */
  applied?: AppliedStore | undefined
  /** how often sockets are pinged (a proxy closes idle ones; a peer that stops answering is dropped); default 25 s */
  heartbeatMs?: number | undefined
  /** compress socket messages with permessage-deflate when the browser offers it; default false (it costs
   * memory per socket and CPU per message; see docs/site/guide/capacity.md for when it pays) */
  perMessageDeflate?: boolean | undefined
  /** the broadcast bus; default Redis when `redis` or REDIS_URL is set, else in memory (one node) */
  bus?: Bus | undefined
  /** the Redis URL of the cluster's bus (redis://host:port); default REDIS_URL */
  redis?: string | undefined
  /** the data layer's change notifications, for `autoBroadcast` */
  changes?: ChangeFeed | undefined
  /** publish the seed's channel names for model changes, after commit: true, or some of MODEL, MODEL_PK, RELATED, M2M */
  autoBroadcast?: AutoBroadcastSetting | undefined
  /** console (the default logs warnings and errors), pino, or any object with warn and error (debug and info optional) */
  logger?: Logger | undefined
  /** error details and the error overlay in the browser, the error page, warnings for silent traps;
   * default true unless NODE_ENV=production (then the browser gets generic messages; the log keeps the detail) */
  development?: boolean | undefined
  /** the notice a handler that failed (or a render) shows in the layout's `flash()`, level `error`; default
   * 'Something went wrong. Please try again.'; false: none (the component root still gets `reactor-error`) */
  errorNotice?: string | false | undefined
  /** what one socket may ask of a node (events per second, components, message sizes...); see "Limits" */
  limits?: Partial<Limits> | undefined
  /** capabilities of your own, after the built-in ones: each a function `(app) => plugin` (see "Plugins") */
  plugins?: readonly Feature[] | undefined
  /** a page whose socket closed reconnects after a random wait within this many ms (full jitter: a node's
   * sockets reach the others spread over it); default 5000 (1000 in development); 0: at once */
  reconnectWindowMs?: number | undefined
  /** how the node shuts down (docs/site/guide/deploying.md): the signals that drain it and end the process
   * (default ['SIGTERM'], installed once the app listens), how long running events may take (graceMs, default
   * 10,000); false: no signal handler (call `await reactor.close()` yourself) */
  shutdown?: ShutdownOptions | false | undefined
  /** how pages reach the server: 'auto' (default: the WebSocket, HTTP when it does not open), 'websocket', 'http' (README "Transports") */
  transport?: Transport | undefined
  /** when 'auto' gives the WebSocket up for HTTP, and tries it again: { afterTries: 2, afterMs: 5000, retryMs: 300000 } (README "Transports") */
  fallback?: FallbackOptions | undefined
}


export type Check = [test: (value: unknown) => boolean, expected: string]

const isString = (v: unknown): v is string => typeof v === 'string'
const isList = (test: (v: unknown) => boolean) => (v: unknown) => Array.isArray(v) && v.every(test)
const isFunction = (v: unknown) => typeof v === 'function'
export const has = (...methods: string[]) => (v: unknown) =>
  typeof v === 'object' && v !== null && methods.every((m) => typeof (v as Record<string, unknown>)[m] === 'function')
const isPositive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0
const isBoolean = (v: unknown) => typeof v === 'boolean'
const isOrigin = (v: unknown) => isString(v) && /^https?:\/\/[^/\s]+$/.test(v)

/** false, or an object of `signals` (names like 'SIGTERM') and `graceMs`, each optional */
function isShutdown(v: unknown): boolean {
  if (v === false) return true
  if (typeof v !== 'object' || v === null || !Object.keys(v).every((k) => k === 'signals' || k === 'graceMs')) return false
  const { signals, graceMs } = v as ShutdownOptions
  return (graceMs === undefined || isPositive(graceMs)) && (signals === undefined || isList((s) => isString(s) && s.startsWith('SIG'))(signals))
}

/** One check per option: an option added to ReactorOptions without its check does not type-check. */
const CHECKS: Record<Exclude<keyof ReactorOptions, keyof FeatureOptions>, Check> = {
  components: [isList(isComponentClass), 'a list of Component classes (classes that extend Component)'],
  views: [(v) => (isString(v) && v !== '') || (isList(isString)(v) && (v as string[]).length > 0), 'a folder, or a list of folders'],
  secret: [(v) => isString(v) || isList(isString)(v), 'a string, or a list of strings (newest first)'],
  prefix: [(v) => isString(v) && (v === '' || v.startsWith('/')), "a URL path that starts with '/', for example '/app'"],
  path: [(v) => isString(v) && v.startsWith('/'), "a URL path that starts with '/', for example '/__reactor__'"],
  origins: [isList(isOrigin), "a list of origins, each like 'https://example.com' (scheme and host, no path)"],
  tokenTtl: [isPositive, 'a number of seconds greater than 0'],
  minify: [isBoolean, 'true or false'],
  watch: [isBoolean, 'true or false'],
  user: [isFunction, 'a function (ctx) => user'],
  transaction: [isFunction, 'a function (work) => Promise that runs work in your transaction'],
  applied: [has('record', 'lookup'), 'an AppliedStore (appliedTable(...), or an object with record and lookup)'],
  heartbeatMs: [isPositive, 'a number of milliseconds greater than 0'],
  userRefreshMs: [(v) => typeof v === 'number' && v >= 0, 'a number of milliseconds (0: before every event)'],
  limits: [(v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'an object of limits, for example { eventsPerSecond: 50 }'],
  perMessageDeflate: [isBoolean, 'true or false'],
  bus: [has('publish', 'subscribe', 'close'), 'a Bus (MemoryBus, RedisBus, or an object with publish, subscribe and close)'],
  redis: [isString, "a Redis URL, for example 'redis://127.0.0.1:6379'"],
  changes: [has('subscribe'), 'a ChangeFeed (an object with a subscribe(listener) method)'],
  autoBroadcast: [(v) => isBoolean(v) || (typeof v === 'object' && v !== null && !Array.isArray(v)), 'true, or some of { MODEL, MODEL_PK, RELATED, M2M }'],
  development: [isBoolean, 'true or false'],
  errorNotice: [(v) => isString(v) || v === false, "a message, or false for none"],
  logger: [has('warn', 'error'), 'an object with warn and error methods (debug and info optional), like console or a pino logger'],
  presence: [has('join', 'leave', 'list', 'close'), 'a PresenceStore (MemoryPresence, RedisPresence, or an object with join, leave, list and close)'],
  plugins: [isList(isFunction), 'a list of features, each a function (app) => plugin'],
  reconnectWindowMs: [(v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, 'a number of milliseconds (0: reconnect at once)'],
  transport: [isTransport, "'auto', 'websocket' or 'http'"],
  fallback: [isFallback, 'an object of { afterTries, afterMs, retryMs }, each a number (1e9 at most)'],
  shutdown: [isShutdown, "false, or { signals: ['SIGTERM'], graceMs: 10000 } (both optional; signals: [] installs no handler)"],
}

/** Throws at the first option that is unknown or of the wrong type; `undefined` means the default. `features`: the
 * capabilities, which check the options they add. */
export function checkOptions(options: unknown, features: readonly Feature[] = []): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError('koa-reactor: new Reactor(options) takes an object of options, for example new Reactor({ components: [MyCounter] })')
  }
  const checks: Record<string, Check | undefined> = { ...CHECKS }
  for (const feature of features) Object.assign(checks, feature?.options)
  for (const [name, value] of Object.entries(options)) {
    const check = checks[name]
    if (!check) throw new TypeError(`koa-reactor: unknown option \`${name}\`${didYouMean(name, Object.keys(checks))}; the options are ${Object.keys(checks).join(', ')}`)
    if (value !== undefined && !check[0](value)) {
      throw new TypeError(`koa-reactor: the option \`${name}\` must be ${check[1]}; it is ${describe(value)}`)
    }
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `a list (${value.map((v) => (typeof v === 'function' ? v.name || 'function' : typeof v)).join(', ')})`
  if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}`
  if (typeof value === 'object') return value === null ? 'null' : 'an object without those methods'
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${String(value)}`
}
