// How a request on one node reaches the stream another node holds (the HTTP transport has no load-balancer
// affinity): each node listens on a channel of its own, and a request asks the stream's node and waits for its
// answer. One node: a call. A cluster: Redis pub/sub, on a connection of the transport's own (the bus's
// subscriber carries names, not payloads).
import { randomBytes } from 'node:crypto'
import type { Bus } from '../../realtime/bus/bus.js'
import type { RedisClient } from '../../realtime/bus/redis-client.js'
import { sharedRedis } from '../../realtime/bus/shared.js'

/** What a request asks of the stream's node: frames in (`in`, text frames; `bin`, one binary frame, base64), or the frames waiting (`poll`). */
export interface Ask {
  /** the stream's id */
  s: string
  t: 'in' | 'bin' | 'poll'
  d?: string[] | string
}

/** The stream's node's answer: `gone` when it holds no such stream (any more). */
export interface Answer {
  ok: boolean
  /** the frames a poll takes */
  d?: string[]
}

export type Asked = (ask: Ask) => Promise<Answer>

/** an answer that does not come within this: the stream's node is gone */
const ANSWER_MS = 30_000
const GONE: Answer = { ok: false }

export interface Relay {
  /** this node's id, in the stream tickets it signs */
  readonly node: string
  /** asks `node` (this one too) */
  ask(node: string, ask: Ask): Promise<Answer>
  close(): Promise<void>
}

/** The relay over `bus`: Redis when the bus is one of the Redis buses, else this node only. */
export function relayFor(bus: Bus, asked: Asked): Relay {
  const node = randomBytes(9).toString('base64url')
  const redis = sharedRedis(bus)
  return redis ? new RedisRelay(node, asked, redis.commands, redis.prefix) : new LocalRelay(node, asked)
}

class LocalRelay implements Relay {
  constructor(readonly node: string, private readonly asked: Asked) {}

  ask(node: string, ask: Ask): Promise<Answer> {
    return node === this.node ? this.asked(ask) : Promise.resolve(GONE)
  }

  async close(): Promise<void> {}
}

interface Waiting {
  resolve(answer: Answer): void
  timer: NodeJS.Timeout
}

class RedisRelay implements Relay {
  private readonly sub: RedisClient
  private readonly waiting = new Map<string, Waiting>()
  private next = 0
  /** resolves once this node hears its channel (where the answers to its questions come) */
  private listening: Promise<unknown>

  constructor(readonly node: string, private readonly asked: Asked, private readonly pub: RedisClient, private readonly prefix: string) {
    this.sub = (pub as unknown as { duplicate(options?: object): RedisClient }).duplicate({ connectionName: 'reactor-http' })
    this.sub.on('message', (channel: string, message: string) => void this.received(message))
    this.sub.on('error', () => undefined) // the bus logs Redis going away
    let heard: (value?: unknown) => void
    this.listening = new Promise((resolve) => (heard = resolve))
    this.sub.on('ready', () => void this.sub.subscribe(this.channel(node)).then(heard, () => undefined))
  }

  private channel(node: string): string {
    return `${this.prefix}http.${node}`
  }

  async ask(node: string, ask: Ask): Promise<Answer> {
    if (node === this.node) return this.asked(ask)
    // (Redis away: the bus logs it; the request is answered as gone once the wait is over)
    if (!(await Promise.race([this.listening.then(() => true), new Promise((resolve) => setTimeout(resolve, ANSWER_MS, false).unref())]))) return GONE
    const id = String(++this.next)
    const answer = new Promise<Answer>((resolve) => this.waiting.set(id, { resolve, timer: setTimeout(() => this.answered(id, GONE), ANSWER_MS) }))
    // nobody listens on that node's channel: the node is gone
    const heard = await this.pub.publish(this.channel(node), JSON.stringify({ ...ask, r: id, f: this.node })).catch(() => 0)
    if (heard === 0) this.answered(id, GONE)
    return answer
  }

  private async received(message: string): Promise<void> {
    let m: (Ask & { r: string; f: string }) | { r: string; a: Answer }
    try {
      m = JSON.parse(message)
    } catch {
      return
    }
    if ('a' in m) return this.answered(m.r, m.a)
    const answer = await this.asked(m).catch(() => GONE)
    await this.pub.publish(this.channel(m.f), JSON.stringify({ r: m.r, a: answer })).catch(() => undefined)
  }

  private answered(id: string, answer: Answer): void {
    const waiting = this.waiting.get(id)
    if (!waiting) return
    this.waiting.delete(id)
    clearTimeout(waiting.timer)
    waiting.resolve(answer)
  }

  async close(): Promise<void> {
    for (const id of [...this.waiting.keys()]) this.answered(id, GONE)
    this.sub.disconnect()
  }
}
