// The spans: one per page render and per socket message (join, event, lazy, upload), each with children for the
// moments inside it (token verification, mount, the handler, render, diff, send). A socket message starts a trace
// of its own; a join is the child of the page that rendered its tokens (their `tp` claim), and the socket's later
// events link to that page.
import type { Component } from '../../core/component.js'
import type { Engine } from '../../core/engine.js'
import type { Moment } from '../../core/plugin.js'
import type { Claims } from '../../core/token.js'
import type { Failure } from '../../wire/errors.js'
import type { Host } from '../../wire/host.js'
import type { LiveComponent } from '../../wire/live.js'
import type { ServerMessage } from '../../wire/protocol.js'
import { spanContextOf, traceparent, type Api, type Context, type Span, type SpanContext, type Tracer } from './api.js'
import type { Attributes, Instruments } from './metrics.js'

/** A token's claims, with the page span's context a page's first render adds */
type Traced = Claims & { tp?: string }

/** What telemetry keeps for one socket: the page that rendered the tokens of its join. */
interface SocketSlot {
  page?: SpanContext
}

/** One socket message's work, until it is answered: its span (made when first needed), what it weighed, how it ended. */
interface Exchange {
  readonly type: string
  readonly socket?: SocketSlot
  /** performance.now() and the epoch time in ms when it came */
  readonly start: number
  readonly startTime: number
  parent: Context
  readonly links?: { context: SpanContext }[]
  span?: Span
  bytesIn: number
  bytesOut: number
  component?: string
  handler?: string
  /** the first failure answered */
  code?: string
  /** an event's run took it over: it ends once the event is answered */
  claimed?: boolean
}

/** the span names of the socket's message types (a type a capability adds keeps its own name) */
const TYPES: Record<string, string> = { ev: 'event', join: 'join', lazy: 'lazy', up: 'upload', upx: 'upload', binary: 'upload' }

const now = () => performance.timeOrigin + performance.now()

/** Runs `run`; `done` is called once it returned or its promise settled (with the error it threw, if any). */
function whenDone<T>(run: () => T, done: (error?: unknown) => void): T {
  let result: T
  try {
    result = run()
  } catch (error) {
    done(error)
    throw error
  }
  if (!(result instanceof Promise)) return (done(), result)
  return result.then(
    (value) => (done(), value),
    (error) => (done(error), Promise.reject(error)),
  ) as T
}

/** What a render answered with, as a span says it. */
function answerOf(reply: ServerMessage | undefined): string {
  if (!reply) return 'none'
  if (reply.t !== undefined) return reply.t
  return reply.d ? 'diff' : reply.html !== undefined ? 'html' : 'token'
}

export class Tracing {
  private readonly exchangeKey: symbol
  private readonly pageKey: symbol

  constructor(
    private readonly api: Api,
    private readonly tracer: Tracer,
    private readonly metrics: Instruments | undefined,
    private readonly app: { readonly engine: Engine },
  ) {
    this.exchangeKey = api.createContextKey('koa-reactor exchange')
    this.pageKey = api.createContextKey('koa-reactor page')
  }

  around<T>(moment: Moment, go: () => T): T {
    switch (moment.at) {
      case 'message':
        return this.message(moment.host, moment.t, moment.raw, go)
      case 'event':
        return this.event(moment.live, moment.event.n, go as () => unknown as () => Promise<void>) as T
      case 'verify':
        return this.verify(go)
      case 'page':
        return this.page(moment.view, moment.ctx, go)
      case 'mount':
        return this.child('mount', { 'koa_reactor.component': moment.name }, go)
      case 'render':
        return this.child('render', { 'koa_reactor.component': this.nameOf(moment.instance) }, go)
      case 'handler':
        return this.child('handler', { 'koa_reactor.component': moment.live.claims.cmp, 'koa_reactor.handler': moment.handler }, go)
      case 'diff':
        return this.diff(go)
      case 'send':
        return this.send(moment.msg, go)
    }
  }

  /** A page's first renders: their tokens carry the page span's context to the socket's join. */
  sealed(claims: Claims): Traced | undefined {
    const page = this.api.context.active().getValue(this.pageKey) as Span | undefined
    const context = page?.spanContext()
    return context && this.api.isSpanContextValid(context) ? { ...claims, tp: traceparent(context) } : undefined
  }

  /** A failure answered: counted by code, and the code of the message it ended. */
  failed({ code, component }: Failure): void {
    this.metrics?.errors.add(1, component ? { 'error.type': code, 'koa_reactor.component': component } : { 'error.type': code })
    const exchange = this.exchange()
    if (exchange) exchange.code ??= code
  }

  closed(host: Host): void {
    if (host.scope.slots?.telemetry) this.metrics?.sockets.add(-1)
  }

  private exchange(context = this.api.context.active()): Exchange | undefined {
    return context.getValue(this.exchangeKey) as Exchange | undefined
  }

  private socket(host: Host): SocketSlot {
    const slots = (host.scope.slots ??= {})
    let slot = slots.telemetry as SocketSlot | undefined
    if (!slot) {
      slot = slots.telemetry = {}
      this.metrics?.sockets.add(1)
    }
    return slot
  }

  private nameOf(instance: Component): string {
    return this.app.engine.entryOf(instance).name
  }

  /** The context a child span starts in: the current span's, or the current message's. */
  private parent(): Context {
    const { context, trace } = this.api
    const active = context.active()
    if (trace.getSpan(active)) return active
    const exchange = this.exchange(active)
    return exchange ? trace.setSpan(active, this.spanOf(exchange)) : active
  }

  private spanOf(exchange: Exchange): Span {
    const { type, startTime, links, parent } = exchange
    return (exchange.span ??= this.tracer.startSpan(`koa-reactor ${type}`, { kind: this.api.SpanKind.SERVER, startTime, links, attributes: { 'koa_reactor.type': type } }, parent))
  }

  private message<T>(host: Host, t: string, raw: string | Buffer, go: () => T): T {
    if (t === 'leave') return go()
    const socket = this.socket(host)
    const start = performance.now()
    const exchange: Exchange = {
      type: TYPES[t] ?? t,
      socket,
      start,
      startTime: performance.timeOrigin + start,
      parent: this.api.ROOT_CONTEXT,
      links: socket.page && [{ context: socket.page }],
      bytesIn: typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length,
      bytesOut: 0,
    }
    const context = this.api.ROOT_CONTEXT.setValue(this.exchangeKey, exchange)
    return whenDone(() => this.api.context.with(context, go), () => exchange.claimed || this.finish(exchange))
  }

  /** An event's run: it takes over the message it came in (else it is a component's message to another). */
  private event(live: LiveComponent, handler: string, go: () => Promise<void>): Promise<void> {
    const { context, trace } = this.api
    const came = this.exchange()
    const own = came?.type === 'event' && !came.claimed ? came : undefined
    const start = performance.now()
    const parent = own ? own.parent : this.parent()
    const exchange = own ?? { type: 'event', start, startTime: performance.timeOrigin + start, parent, bytesIn: 0, bytesOut: 0 }
    exchange.claimed = true
    exchange.component = live.claims.cmp
    exchange.handler = handler
    const ran = own ? go() : context.with(trace.deleteSpan(parent).setValue(this.exchangeKey, exchange), go)
    return ran.then(() => this.finish(exchange))
  }

  /** A token checked: timed, then spanned (a join's span is the child of the page its first token names). */
  private verify<T>(go: () => T): T {
    const startTime = now()
    let result: T | undefined
    let failure: unknown
    try {
      result = go()
    } catch (error) {
      failure = error
    }
    const claims = (result as { claims?: Traced } | undefined)?.claims
    const exchange = this.exchange()
    const page = spanContextOf(this.api, claims?.tp)
    if (page && exchange?.socket && !exchange.socket.page) {
      exchange.socket.page = page
      if (exchange.type === 'join' && !exchange.span) exchange.parent = this.api.trace.setSpanContext(this.api.ROOT_CONTEXT, page)
    }
    const span = this.tracer.startSpan('koa-reactor verify', { startTime, attributes: claims ? { 'koa_reactor.component': claims.cmp } : {} }, this.parent())
    if (failure !== undefined) this.failedSpan(span, failure, (failure as { reason?: string }).reason ?? 'bad-state')
    span.end()
    if (failure !== undefined) throw failure
    return result as T
  }

  private page<T>(view: string, ctx: { body?: unknown }, go: () => T): T {
    const { context, trace } = this.api
    const start = performance.now()
    const span = this.tracer.startSpan('koa-reactor page', { attributes: { 'koa_reactor.view': view } })
    const inside = trace.setSpan(context.active(), span).setValue(this.pageKey, span)
    return whenDone(() => context.with(inside, go), (error) => {
      const attributes: Attributes = { 'koa_reactor.view': view }
      if (error) this.failedSpan(span, error, (attributes['error.type'] = (error as Error)?.name ?? 'Error'))
      span.setAttribute('koa_reactor.bytes_out', typeof ctx.body === 'string' ? Buffer.byteLength(ctx.body) : 0)
      span.end()
      this.metrics?.pages.record((performance.now() - start) / 1000, attributes)
    })
  }

  /** A moment inside another: its span is current while it runs (the app's own spans nest in it). */
  private child<T>(name: string, attributes: Attributes, go: () => T): T {
    const { context, trace } = this.api
    const parent = this.parent()
    const span = this.tracer.startSpan(`koa-reactor ${name}`, { attributes }, parent)
    return whenDone(() => context.with(trace.setSpan(parent, span), go), (error) => {
      if (error) this.failedSpan(span, error, (error as Error)?.name ?? 'Error')
      span.end()
    })
  }

  /** What a render sends, worked out: the span says which answer it is. */
  private diff<T>(go: () => T): T {
    const span = this.tracer.startSpan('koa-reactor diff', {}, this.parent())
    try {
      const reply = go()
      span.setAttribute('koa_reactor.answer', answerOf(reply as ServerMessage | undefined))
      return reply
    } finally {
      span.end()
    }
  }

  /** A frame out: its bytes count for the message it answers. */
  private send<T>(msg: ServerMessage, go: () => T): T {
    const span = this.tracer.startSpan('koa-reactor send', { attributes: { 'koa_reactor.message': msg.t ?? 'render' } }, this.parent())
    try {
      const text = go()
      const bytes = typeof text === 'string' ? Buffer.byteLength(text) : 0
      span.setAttribute('koa_reactor.bytes_out', bytes)
      const exchange = this.exchange()
      if (exchange) exchange.bytesOut += bytes
      return text
    } finally {
      span.end()
    }
  }

  private failedSpan(span: Span, error: unknown, type: string): void {
    if (error instanceof Error) span.recordException(error)
    span.setAttribute('error.type', type)
    span.setStatus({ code: this.api.SpanStatusCode.ERROR, message: type })
  }

  /** A message answered: its span ends, and its metrics are recorded. */
  private finish(exchange: Exchange): void {
    const span = this.spanOf(exchange)
    const attributes: Attributes = { 'koa_reactor.type': exchange.type }
    if (exchange.component) attributes['koa_reactor.component'] = exchange.component
    if (exchange.handler) attributes['koa_reactor.handler'] = exchange.handler
    if (exchange.code) {
      attributes['error.type'] = exchange.code
      span.setStatus({ code: this.api.SpanStatusCode.ERROR, message: exchange.code })
    }
    span.setAttributes({ ...attributes, 'koa_reactor.bytes_in': exchange.bytesIn, 'koa_reactor.bytes_out': exchange.bytesOut })
    span.end()
    this.metrics?.event(attributes, (performance.now() - exchange.start) / 1000, exchange.bytesIn, exchange.bytesOut)
  }
}
