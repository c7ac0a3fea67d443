// The HTTP transport, for networks where WebSockets do not get through, on the socket's path: a GET (no upgrade) opens a stream of the server's
// frames (Server-Sent Events), or is answered at once where a proxy buffers streams (`?poll=1`: long polling);
// a POST brings the browser's frames. A stream is a socket of the node it came to (stream.ts); a POST or a poll
// may land on any node, which relays it to that one (relay.ts): no load-balancer affinity.
//
// The stream's first event is its ticket (core/tickets.ts): the node and the stream's id, signed and bound to
// the browser session, so a request can only feed or poll a stream of its own session.
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Context } from 'koa'
import type { Engine } from '../../core/engine.js'
import { openTicket, signTicket } from '../../core/tickets.js'
import { TokenError } from '../../core/token.js'
import type { Logger } from '../../wire/errors.js'
import { sessionOf } from '../session.js'
import { relayFor, type Answer, type Ask, type Relay } from './relay.js'
import { HttpSocket } from './stream.js'

/** the ticket's kind: no component has it */
const KIND = 'reactor-http'
/** seconds a stream's ticket is valid: longer than a stream stays open (`maxAgeMs`, a day at most) */
const TICKET_TTL = 86_400 + 3600

export interface HttpSettings {
  engine: Engine
  log: Logger
  /** bytes of the largest body (the socket's largest frame) */
  maxBody: number
  /** ms a stream stays open (then the page reconnects, trying the WebSocket first) */
  maxAgeMs: number
  /** why the request is refused (its Origin, the node shutting down), or undefined */
  refusal(req: IncomingMessage): [number, string] | undefined
  /** a stream opened: the core's life runs on it as on a WebSocket */
  open(socket: HttpSocket, ctx: Context): void
}

export class HttpTransport {
  private readonly streams = new Map<string, HttpSocket>()
  private readonly relay: Relay

  constructor(private readonly settings: HttpSettings) {
    this.relay = relayFor(settings.engine.bus, (ask) => this.asked(ask))
  }

  /** A request to the transport's path. */
  async serve(ctx: Context): Promise<void> {
    const refused = this.settings.refusal(ctx.req)
    if (refused) return void ((ctx.status = refused[0]), (ctx.body = refused[1]))
    ctx.set('X-Reactor-Transport', 'http')
    // the ticket: a POST's `k`; the Last-Event-ID of an EventSource that asks again (long polls)
    const key = (typeof ctx.query.k === 'string' ? ctx.query.k : undefined) ?? (ctx.get('Last-Event-ID') || undefined)
    if (ctx.method === 'POST' && key) return this.post(ctx, key)
    if (ctx.method !== 'GET') return void ((ctx.status = 405), (ctx.body = 'the socket path takes a WebSocket upgrade; or a GET, which opens a stream, and POSTs (with its ticket, ?k=) that send frames to it'))
    if (key) return this.poll(ctx, key)
    this.begin(ctx, ctx.query.poll === '1')
  }

  /** How many streams this node holds. */
  get size(): number {
    return this.streams.size
  }

  /** A new stream: its ticket first; then its frames as they come (SSE), or nothing more until the next poll. */
  private begin(ctx: Context, polled: boolean): void {
    const id = randomBytes(16).toString('base64url')
    const ticket = signTicket(this.settings.engine.ring, { kind: KIND }, sessionOf(ctx), TICKET_TTL, () => ({ n: this.relay.node, s: id }))
    // (its id: what the EventSource sends back as Last-Event-ID when it asks again)
    const first = `id: ${ticket}\n${event(ticket)}`
    let socket: HttpSocket
    if (polled) {
      socket = new HttpSocket(id, undefined, this.settings.maxAgeMs)
      ctx.type = 'text/event-stream'
      ctx.set('Cache-Control', 'no-store')
      ctx.body = first
    } else {
      ctx.respond = false
      const res = ctx.res as ServerResponse
      ctx.req.socket.setNoDelay(true)
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store, no-transform', 'X-Accel-Buffering': 'no', 'X-Reactor-Transport': 'http' })
      res.write(first)
      socket = new HttpSocket(id, res, this.settings.maxAgeMs)
    }
    this.streams.set(id, socket)
    socket.onEnded = () => this.streams.delete(id)
    this.settings.open(socket, ctx)
  }

  /** A long poll: the frames that waited (or came since), from the stream's node. */
  private async poll(ctx: Context, key: string): Promise<void> {
    const answer = await this.ask(ctx, key, 'poll')
    if (!answer) return
    ctx.type = 'text/event-stream'
    ctx.set('Cache-Control', 'no-store')
    ctx.body = (answer.d ?? []).map(event).join('') || ':\n\n'
  }

  /** The browser's frames: text ones (one a line), or one binary frame (an upload's chunk). */
  private async post(ctx: Context, key: string): Promise<void> {
    const body = await readBody(ctx.req, this.settings.maxBody)
    if (!body) return void ((ctx.status = 413), (ctx.body = `a POST to the transport is limited to ${this.settings.maxBody} bytes (the limits option messageBytes)`))
    const text = /^text\/plain/.test(ctx.get('Content-Type'))
    const answer = await this.ask(ctx, key, text ? 'in' : 'bin', text ? body.toString().split('\n') : body.toString('base64'))
    if (answer) ctx.status = 204
  }

  /** Asks the stream of ticket `key` (on its node); a bad ticket or a stream that is gone is answered here. */
  private async ask(ctx: Context, key: string, t: Ask['t'], d?: Ask['d']): Promise<Answer | undefined> {
    let node: string, s: string
    try {
      ;({ n: node, s } = openTicket(this.settings.engine.ring, key, { kind: KIND }, sessionOf(ctx)).state as { n: string; s: string })
    } catch (error) {
      if (!(error instanceof TokenError)) throw error
      ctx.status = 403
      ctx.body = `this stream's ticket is refused (${error.reason}): open a new stream`
      return undefined
    }
    const answer = await this.relay.ask(node, { s, t, d })
    if (answer.ok) return answer
    // an EventSource asking again finds it gone: 204 tells it to stop (quietly: a browser logs a 4xx as an error)
    ctx.status = t === 'poll' ? 204 : 410
    if (t !== 'poll') ctx.body = 'this stream is gone (its node restarted, or it was closed): open a new stream'
    return undefined
  }

  /** What a request on any node asks of a stream of this node. */
  private async asked({ s, t, d }: Ask): Promise<Answer> {
    const socket = this.streams.get(s)
    if (!socket || socket.readyState !== 1) return { ok: false }
    if (t === 'poll') return { ok: true, d: await new Promise<string[]>((resolve) => socket.take(resolve)) }
    socket.received(t === 'bin' ? [Buffer.from(d as string, 'base64')] : (d as string[]))
    return { ok: true }
  }

  close(): Promise<void> {
    return this.relay.close()
  }
}

const event = (data: string) => `data: ${data}\n\n`

/** The body, or undefined when it passes `most` bytes (it is not read further). */
async function readBody(req: IncomingMessage, most: number): Promise<Buffer | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > most) return undefined
  const parts: Buffer[] = []
  let size = 0
  for await (const part of req as AsyncIterable<Buffer>) {
    size += part.length
    if (size > most) return undefined
    parts.push(part)
  }
  return Buffer.concat(parts)
}
