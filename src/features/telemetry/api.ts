// OpenTelemetry's API, when the app has it installed (an optional peer dependency: no SDK is ours), and whether
// the app registered a real tracer or meter provider: without one, the plugin sets up no hook at all.
import { createRequire } from 'node:module'
import type * as OtelApi from '@opentelemetry/api'

export type Api = typeof OtelApi
export type { Context, Meter, MeterProvider, Span, SpanContext, Tracer, TracerProvider } from '@opentelemetry/api'

/** `@opentelemetry/api` as the app installed it; undefined when it did not. */
export function loadApi(): Api | undefined {
  try {
    return createRequire(import.meta.url)('@opentelemetry/api') as Api
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined
    throw error
  }
}

/** The global tracer provider, unless it is the API's no-op one (no SDK registered). */
export function registeredTracers(api: Api): OtelApi.TracerProvider | undefined {
  const provider = api.trace.getTracerProvider() as OtelApi.TracerProvider & { getDelegate?(): OtelApi.TracerProvider }
  const noop = new api.ProxyTracerProvider().getDelegate()
  return provider.getDelegate?.() === noop ? undefined : provider
}

/** The global meter provider, unless it is the API's no-op one. */
export function registeredMeters(api: Api): OtelApi.MeterProvider | undefined {
  const provider = api.metrics.getMeterProvider()
  return provider.getMeter('koa-reactor') === api.createNoopMeter() ? undefined : provider
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/

/** A span's context as a W3C `traceparent` (what a page's tokens carry to its socket's join). */
export function traceparent({ traceId, spanId, traceFlags }: OtelApi.SpanContext): string {
  return `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, '0')}`
}

/** The remote span context a `traceparent` names; undefined for anything else. */
export function spanContextOf(api: Api, value: unknown): OtelApi.SpanContext | undefined {
  const [, traceId, spanId, flags] = typeof value === 'string' ? (TRACEPARENT.exec(value) ?? []) : []
  if (!traceId || !spanId || !flags) return undefined
  const context = { traceId, spanId, traceFlags: parseInt(flags, 16), isRemote: true }
  return api.isSpanContextValid(context) ? context : undefined
}
