// OpenTelemetry: spans for page renders and socket events, and the node's metrics, through `@opentelemetry/api`
// when the app installed it and registered an SDK (or gave providers in the `telemetry` option). Checked once, when
// the Reactor is made: without a provider the plugin has no hook, so no event runs any of its code.
import type { Check } from '../../koa/options.js'
import type { App, Feature, Plugin } from '../../koa/plugin.js'
import { loadApi, registeredMeters, registeredTracers, type Api, type MeterProvider, type TracerProvider } from './api.js'
import { Instruments } from './metrics.js'
import { Tracing } from './spans.js'

declare module '../../koa/options.js' {
  interface FeatureOptions {
    /** OpenTelemetry (the README's "Telemetry"): by default the providers the app's SDK registered, if any; your own
     * providers instead; false: none, even when an SDK is registered */
    telemetry?: TelemetryOptions | false | undefined
  }
}

/** Providers of your own (an SDK's TracerProvider and MeterProvider), instead of the global ones. */
export interface TelemetryOptions {
  tracerProvider?: { getTracer(name: string, version?: string): unknown } | undefined
  meterProvider?: { getMeter(name: string, version?: string): unknown } | undefined
}

const LATE =
  'koa-reactor: an OpenTelemetry SDK was registered after the Reactor was made, so koa-reactor records no span or metric; ' +
  'start the SDK first (for example in a file loaded with `node --import ./telemetry.js`), or give its providers in the `telemetry` option'

const isText = (v: unknown) => typeof v === 'string'

function setUp(app: App): Plugin {
  const setting = app.options.telemetry
  const api = setting === false ? undefined : loadApi()
  if (!api) return { name: 'telemetry' }
  const own = setting || {}
  const tracers = (own.tracerProvider as TracerProvider | undefined) ?? registeredTracers(api)
  const meters = (own.meterProvider as MeterProvider | undefined) ?? registeredMeters(api)
  if (!tracers && !meters) return idle(app, api)
  const metrics = meters && new Instruments(meters.getMeter('koa-reactor'), app.bus)
  const tracing = new Tracing(api, (tracers ?? api.trace.getTracerProvider()).getTracer('koa-reactor'), metrics, app)
  return {
    name: 'telemetry',
    // every class: each component's events are traced and counted
    declare: () => true,
    // the page span a first render's token carries to the socket's join
    claims: { tp: isText },
    around: (moment, go) => tracing.around(moment, go),
    seal: (_, _instance, claims) => tracing.sealed(claims),
    failed: (failure) => tracing.failed(failure),
    closed: (host) => tracing.closed(host),
    held(_, live) {
      if (live.slots?.telemetry) return
      ;(live.slots ??= {}).telemetry = true
      metrics?.components.add(1)
    },
    gone(_, live) {
      if (!live.slots?.telemetry) return
      live.slots.telemetry = false
      metrics?.components.add(-1)
    },
  }
}

/** No provider yet: in development, the first page says so if an SDK was registered since. */
function idle(app: App, api: Api): Plugin {
  if (!app.development) return { name: 'telemetry' }
  let checked = false
  const check = () => {
    checked = true
    if (registeredTracers(api) || registeredMeters(api)) app.log.warn(LATE)
  }
  return { name: 'telemetry', page: { locals: () => (checked || check(), {}) } }
}

const PROVIDERS: Record<string, string> = { tracerProvider: 'getTracer', meterProvider: 'getMeter' }
const isProviders = (v: unknown) =>
  typeof v === 'object' && v !== null && Object.entries(v).every(([k, p]) => Object.hasOwn(PROVIDERS, k) && (p === undefined || typeof p?.[PROVIDERS[k]!] === 'function'))
const options: Record<string, Check> = {
  telemetry: [(v) => v === false || isProviders(v), 'false, or { tracerProvider, meterProvider } (an SDK\'s providers, each optional)'],
}

export const telemetry: Feature = Object.assign(setUp, { options })
