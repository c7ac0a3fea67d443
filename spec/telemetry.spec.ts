// OpenTelemetry, as an app registers it: a real SDK (an in-memory span exporter, an in-memory metric exporter)
// registered globally before the Reactor is made; a page load, a click on the counter over a real WebSocket and a
// failing handler, and the spans and metrics they leave.
import { expect } from 'chai'
import { context, metrics, trace, type Link } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type DataPoint, type Histogram } from '@opentelemetry/sdk-metrics'
import { Reactor } from '../src/index.js'
import { RedisServer } from './support/redis.js'
import { getPage, SECRET, startExample, WireClient, type PageComponent, type Running } from './support/server.js'

describe('telemetry (OpenTelemetry, with an SDK registered)', () => {
  const spans = new InMemorySpanExporter()
  const exported = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE)
  const reader = new PeriodicExportingMetricReader({ exporter: exported, exportIntervalMillis: 3_600_000 })
  const meterProvider = new MeterProvider({ readers: [reader] })
  let node: Running
  let page: Awaited<ReturnType<typeof getPage>>
  let client: WireClient

  before(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }))
    metrics.setGlobalMeterProvider(meterProvider)
    node = await startExample()
    page = await getPage(`${node.url}/two`)
    client = await WireClient.open(node.url, { cookie: page.cookie })
  })
  after(async () => {
    client?.close()
    await node?.close()
    trace.disable()
    metrics.disable()
    context.disable()
  })

  const named = (name: string) => spans.getFinishedSpans().filter((s) => s.name === name)
  const childrenOf = (parent: ReadableSpan) => spans.getFinishedSpans().filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId)
  const component = (name: string): PageComponent => page.components.find((c) => c.name === name)!
  /** waits for the span the server ends once its answer is sent (a few turns of its event loop) */
  async function ended(name: string, match: (s: ReadableSpan) => boolean): Promise<ReadableSpan> {
    for (let i = 0; i < 100; i++) {
      const span = named(name).find(match)
      if (span) return span
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    throw new Error(`no span ${name}; spans: ${spans.getFinishedSpans().map((s) => s.name).join(', ')}`)
  }
  async function collected(): Promise<Map<string, DataPoint<unknown>[]>> {
    exported.reset()
    await reader.forceFlush()
    const points = new Map<string, DataPoint<unknown>[]>()
    for (const resource of exported.getMetrics()) for (const scope of resource.scopeMetrics) for (const metric of scope.metrics) points.set(metric.descriptor.name, metric.dataPoints)
    return points
  }
  const pointOf = (points: DataPoint<unknown>[] | undefined, attributes: Record<string, string>) =>
    points?.find((p) => Object.entries(attributes).every(([k, v]) => p.attributes[k] === v) && Object.keys(p.attributes).length === Object.keys(attributes).length)

  it("spans the page render: each component's mount and render inside it, and its tokens carry the page's trace to the join", async () => {
    const [pageSpan] = named('koa-reactor page')
    expect(pageSpan, 'a page span').to.exist
    expect(pageSpan!.attributes['koa_reactor.view']).to.equal('two.pug')
    expect(pageSpan!.attributes['koa_reactor.bytes_out']).to.equal(Buffer.byteLength(page.html))
    const inside = childrenOf(pageSpan!).map((s) => `${s.name} ${s.attributes['koa_reactor.component']}`)
    expect(inside).to.include.members(['koa-reactor mount x-counter', 'koa-reactor render x-counter', 'koa-reactor mount x-boom', 'koa-reactor render x-boom'])

    client.send({ t: 'join', p: 'p1', c: [component('x-counter'), component('x-boom')].map(({ id, tok }) => ({ id, tok })) })
    const join = await ended('koa-reactor join', () => true)
    // the join continues the page's trace
    expect(join.spanContext().traceId).to.equal(pageSpan!.spanContext().traceId)
    expect(join.parentSpanContext?.spanId).to.equal(pageSpan!.spanContext().spanId)
    expect(childrenOf(join).map((s) => `${s.name} ${s.attributes['koa_reactor.component']}`)).to.have.members(['koa-reactor verify x-counter', 'koa-reactor verify x-boom'])
  })

  it('spans a click on the counter: the event, and inside it the handler, the render, the diff and the send, with the bytes in and out', async () => {
    const counter = component('x-counter')
    const frame = JSON.stringify({ t: 'ev', id: counter.id, n: 'inc', q: 1 })
    client.send(frame)
    const reply = await client.next((m) => 'q' in m && m.q === 1)
    const event = await ended('koa-reactor event', (s) => s.attributes['koa_reactor.handler'] === 'inc')
    expect(event.attributes).to.include({ 'koa_reactor.type': 'event', 'koa_reactor.component': 'x-counter', 'koa_reactor.handler': 'inc' })
    expect(event.attributes['koa_reactor.bytes_in']).to.equal(Buffer.byteLength(frame))
    expect(event.attributes['koa_reactor.bytes_out']).to.equal(Buffer.byteLength(JSON.stringify(reply)))
    expect(event.status.code).to.equal(0) // unset: no error
    // a trace of its own, linked to the page it is on
    const [pageSpan] = named('koa-reactor page')
    expect(event.parentSpanContext).to.equal(undefined)
    expect(event.links.map((l: Link) => l.context.spanId)).to.deep.equal([pageSpan!.spanContext().spanId])
    const inside = childrenOf(event)
    expect(inside.map((s) => s.name)).to.have.members(['koa-reactor handler', 'koa-reactor render', 'koa-reactor diff', 'koa-reactor send'])
    expect(inside.find((s) => s.name === 'koa-reactor handler')!.attributes).to.include({ 'koa_reactor.component': 'x-counter', 'koa_reactor.handler': 'inc' })
    // (the join sent no hash of the HTML it holds: the first answer is whole HTML)
    expect(inside.find((s) => s.name === 'koa-reactor diff')!.attributes['koa_reactor.answer']).to.equal('html')
    expect(inside.find((s) => s.name === 'koa-reactor send')!.attributes['koa_reactor.bytes_out']).to.equal(Buffer.byteLength(JSON.stringify(reply)))

    const points = await collected()
    const click = { 'koa_reactor.type': 'event', 'koa_reactor.component': 'x-counter', 'koa_reactor.handler': 'inc' }
    expect(pointOf(points.get('koa_reactor.events'), click)?.value).to.equal(1)
    const duration = pointOf(points.get('koa_reactor.event.duration'), click)?.value as Histogram
    expect(duration.count).to.equal(1)
    expect(duration.sum).to.be.greaterThan(0)
    expect((pointOf(points.get('koa_reactor.event.received_bytes'), click)?.value as Histogram).sum).to.equal(Buffer.byteLength(frame))
    expect((pointOf(points.get('koa_reactor.event.sent_bytes'), click)?.value as Histogram).sum).to.equal(Buffer.byteLength(JSON.stringify(reply)))
    expect(points.get('koa_reactor.sockets.open')?.[0]?.value).to.equal(1)
    expect(points.get('koa_reactor.components.held')?.[0]?.value).to.equal(2)
    expect(pointOf(points.get('koa_reactor.events'), { 'koa_reactor.type': 'join' })?.value).to.equal(1)
    expect(points.get('koa_reactor.broadcasts.published')?.[0]?.value).to.be.a('number')
  })

  it("a handler that throws: the event's span and the errors metric carry its code, the handler's span its exception", async () => {
    client.send({ t: 'ev', id: component('x-boom').id, n: 'explode', q: 1 })
    const answer = await client.next((m) => m.t === 'err')
    expect(answer).to.include({ code: 'handler-failed' })
    const event = await ended('koa-reactor event', (s) => s.attributes['koa_reactor.handler'] === 'explode')
    expect(event.attributes['error.type']).to.equal('handler-failed')
    expect(event.status.code).to.equal(2) // error
    const handler = childrenOf(event).find((s) => s.name === 'koa-reactor handler')!
    expect(handler.events.map((e) => [e.name, e.attributes?.['exception.message']])).to.deep.equal([['exception', 'kaboom']])

    const points = await collected()
    expect(pointOf(points.get('koa_reactor.errors'), { 'error.type': 'handler-failed', 'koa_reactor.component': 'x-boom' })?.value).to.equal(1)
    const failed = { 'koa_reactor.type': 'event', 'koa_reactor.component': 'x-boom', 'koa_reactor.handler': 'explode', 'error.type': 'handler-failed' }
    expect(pointOf(points.get('koa_reactor.events'), failed)?.value).to.equal(1)
  })

  it('a socket that closes is no longer counted, nor are its components', async () => {
    client.close()
    for (let i = 0; i < 100 && (await collected()).get('koa_reactor.sockets.open')?.[0]?.value !== 0; i++) await new Promise((r) => setTimeout(r, 10))
    const points = await collected()
    expect(points.get('koa_reactor.sockets.open')?.[0]?.value).to.equal(0)
    expect(points.get('koa_reactor.components.held')?.[0]?.value).to.equal(0)
  })
})

describe('telemetry: broadcasts and Redis (providers given in the `telemetry` option)', () => {
  const exported = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE)
  const reader = new PeriodicExportingMetricReader({ exporter: exported, exportIntervalMillis: 3_600_000 })
  let redis: RedisServer
  let reactor: Reactor

  before(async () => {
    redis = await RedisServer.start()
    const quiet = { warn: () => {}, error: () => {} }
    reactor = new Reactor({ secret: SECRET, redis: redis.url, logger: quiet, telemetry: { meterProvider: new MeterProvider({ readers: [reader] }) } })
  })
  after(async () => {
    await reactor?.close()
    await redis?.stop()
  })

  async function observed(): Promise<Record<string, unknown>> {
    exported.reset()
    await reader.forceFlush()
    const values: Record<string, unknown> = {}
    for (const resource of exported.getMetrics()) for (const scope of resource.scopeMetrics) for (const metric of scope.metrics) values[metric.descriptor.name] = metric.dataPoints[0]?.value
    return values
  }
  const until = async (test: () => Promise<boolean>) => {
    for (let i = 0; i < 300 && !(await test()); i++) await new Promise((r) => setTimeout(r, 10))
  }

  it('counts the broadcasts the node published and received, and says whether Redis is connected', async () => {
    let heard = 0
    reactor.engine.bus.subscribe('news', () => heard++)
    await until(async () => (await observed())['koa_reactor.redis.connected'] === 1)
    // published until the subscription is in place: each publish is counted, each one heard is received
    await until(async () => (await reactor.engine.bus.publish('news'), await new Promise((r) => setTimeout(r, 20)), heard > 0))
    const values = await observed()
    expect(values['koa_reactor.redis.connected']).to.equal(1)
    expect(values['koa_reactor.broadcasts.published']).to.be.greaterThanOrEqual(1)
    expect(values['koa_reactor.broadcasts.received']).to.equal(heard)

    await redis.stop()
    await until(async () => (await observed())['koa_reactor.redis.connected'] === 0)
    expect((await observed())['koa_reactor.redis.connected']).to.equal(0)
  })
})

describe('telemetry: an SDK registered after the Reactor was made', () => {
  let node: Running
  before(async () => {
    node = await startExample({ development: true })
    trace.setGlobalTracerProvider(new BasicTracerProvider())
  })
  after(async () => {
    await node?.close()
    trace.disable()
  })

  it('records nothing, and says so once in development, naming the fix', async () => {
    await getPage(`${node.url}/two`)
    await getPage(`${node.url}/two`)
    const late = node.warnings.filter((w) => w.includes('OpenTelemetry SDK was registered after the Reactor was made'))
    expect(late).to.have.length(1)
    expect(late[0]).to.include('start the SDK first')
  })
})
