// The metrics: sockets open, components held, socket events and failures by code, the duration and bytes of each
// event, pages, broadcasts published and received, and whether Redis is connected.
import type { Bus } from '../../realtime/bus/bus.js'
import { sharedRedis } from '../../realtime/bus/shared.js'
import type { Meter } from './api.js'

/** Attributes of an event's metrics. */
export type Attributes = Record<string, string>

const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
const BYTES = [64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 65536, 262144, 1048576]

export class Instruments {
  readonly sockets
  readonly components
  readonly events
  readonly errors
  readonly duration
  readonly received
  readonly sent
  readonly pages

  constructor(meter: Meter, bus: Bus) {
    this.sockets = meter.createUpDownCounter('koa_reactor.sockets.open', { description: 'component sockets open on this node' })
    this.components = meter.createUpDownCounter('koa_reactor.components.held', { description: 'components the sockets of this node follow' })
    this.events = meter.createCounter('koa_reactor.events', { description: 'socket events handled (join, event, lazy, upload), by type, component, handler and error.type' })
    this.errors = meter.createCounter('koa_reactor.errors', { description: 'failures answered to a browser, by code (error.type)' })
    this.duration = meter.createHistogram('koa_reactor.event.duration', { unit: 's', description: 'from a socket message received to its answer sent', advice: { explicitBucketBoundaries: SECONDS } })
    this.received = meter.createHistogram('koa_reactor.event.received_bytes', { unit: 'By', description: 'bytes of the message an event came in', advice: { explicitBucketBoundaries: BYTES } })
    this.sent = meter.createHistogram('koa_reactor.event.sent_bytes', { unit: 'By', description: 'bytes an event sent to its browser', advice: { explicitBucketBoundaries: BYTES } })
    this.pages = meter.createHistogram('koa_reactor.page.duration', { unit: 's', description: 'a page render (ctx.reactor.render)', advice: { explicitBucketBoundaries: SECONDS } })
    observeBus(meter, bus)
  }

  /** One socket event answered: counted, timed and weighed. */
  event(attributes: Attributes, seconds: number, bytesIn: number, bytesOut: number): void {
    this.events.add(1, attributes)
    this.duration.record(seconds, attributes)
    this.received.record(bytesIn, attributes)
    this.sent.record(bytesOut, attributes)
  }
}

/** The bus's own counts, read when the metrics are collected (a bus without channels has none). */
function observeBus(meter: Meter, bus: Bus): void {
  const { channels } = bus
  if (channels) {
    const published = meter.createObservableCounter('koa_reactor.broadcasts.published', { description: 'broadcast names this node published' })
    const received = meter.createObservableCounter('koa_reactor.broadcasts.received', { description: 'broadcast names delivered to this node (its own included)' })
    meter.addBatchObservableCallback((result) => {
      result.observe(published, channels.published)
      result.observe(received, channels.received)
    }, [published, received])
  }
  const redis = sharedRedis(bus) as { connected?: boolean } | undefined
  if (!redis) return
  const connected = meter.createObservableGauge('koa_reactor.redis.connected', { description: '1 when the bus is connected to Redis (broadcasts reach every node), 0 when not' })
  connected.addCallback((result) => result.observe(redis.connected ? 1 : 0))
}
