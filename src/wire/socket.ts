// One browser's WebSocket: frames in and out, parsing, join and leave, routing to the page's components, and
// errors. What a component does on the socket lives in live.ts; everything kept is a cache of what the browser
// holds, so a new socket on any node rebuilds it from a join.
import type { Scope } from '../core/engine.js'
import { ValidationError } from '../core/schema.js'
import { TokenError } from '../core/token.js'
import { Frames, type SocketLike } from './frames.js'
import { errorAnswer, logLine } from '../features/errors/answer.js'
import type { About, Host, SocketOptions } from './host.js'
import { LiveComponent } from './live.js'
import { MAX_MESSAGE_BYTES, parseClientMessage, ProtocolError, type ClientMessage, type Held, type ServerMessage } from './protocol.js'
import { Roster } from './roster.js'
import { Uploads } from '../features/uploads/receiver.js'
import { nodeStore } from '../features/uploads/store.js'

export type { Logger, SocketOptions, Transaction } from './host.js'

export class Connection implements Host {
  readonly roster = new Roster()
  page = ''
  private ready: Promise<unknown>
  private readonly frames: Frames
  private readonly uploads: Uploads

  constructor(
    readonly options: SocketOptions,
    ws: SocketLike,
    readonly scope: Scope,
    user: Promise<unknown>,
  ) {
    this.frames = new Frames(ws)
    this.uploads = scope.uploads = new Uploads(this, options.uploads ?? nodeStore())
    this.ready = user.then(
      (found) => (scope.user = found),
      (error) => options.log.error('koa-reactor: the `user` option failed for a socket; it goes on without a user', error),
    )
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const raw = isBinary ? '' : data.toString()
      this.ready = this.ready.then(() => (isBinary ? this.uploads.chunk(data) : this.receive(raw)))
    })
    ws.on('close', () => {
      this.roster.forgetAll()
      this.ready = this.ready.then(() => this.uploads.closed())
    })
  }

  get engine() {
    return this.options.engine
  }

  send(msg: ServerMessage): void {
    this.frames.send(msg)
  }

  fail(code: string, msg: string, id?: string, q?: number, about: About = {}): void {
    const failure = { code, msg, id, q, ...about }
    if (about.error) this.options.log.error(logLine(failure), about.error)
    else this.options.log.warn(logLine(failure))
    this.send(errorAnswer(failure, this.options.development))
  }

  private receive(raw: string): void | Promise<void> {
    let msg: ClientMessage
    try {
      if (raw.length > MAX_MESSAGE_BYTES) throw new ProtocolError('too-large', `messages are limited to ${MAX_MESSAGE_BYTES} bytes`)
      msg = parseClientMessage(raw)
    } catch (error) {
      const e = error as ProtocolError
      return this.fail(e.code ?? 'bad-message', e.message, e.id, e.q)
    }
    if (msg.t === 'join') this.join(msg.p, msg.c, msg.r === 1)
    else if (msg.t === 'leave') this.roster.forget(this.roster.get(msg.id))
    else if (msg.t === 'up') return this.uploads.announce(msg.id, msg.n, msg.ref, msg.f)
    else if (msg.t === 'upx') return this.uploads.cancel(msg.ref)
    else this.event(msg)
  }

  /** `again`: the page is joining after a reconnect (it may have missed broadcasts meanwhile). */
  private join(page: string, held: Held[], again: boolean): void {
    this.page = page
    for (const { id, tok, h } of held) {
      const adopted = this.adopt(id, tok)
      if (!adopted) continue
      adopted.live.clientHash = h
      adopted.live.joined({ stale: adopted.stale, again })
    }
  }

  /** Verifies a token the browser sent and keeps it as the component's state; reports what is wrong. */
  private adopt(id: string, tok: string, q?: number): { live: LiveComponent; stale: boolean } | undefined {
    try {
      const { claims, stale } = this.engine.verify(tok, { session: this.scope.session, cid: id })
      const live = this.roster.get(id) ?? new LiveComponent(this, id, tok, claims)
      live.hold(tok, claims)
      this.roster.add(live)
      return { live, stale }
    } catch (error) {
      if (error instanceof TokenError) this.fail(error.reason, error.message, id, q)
      else if (error instanceof ValidationError) this.fail('bad-state', error.message, id, q)
      else this.fail('join-failed', String(error), id, q, { error })
      return undefined
    }
  }

  private event(msg: Extract<ClientMessage, { t: 'ev' }>): void {
    const known = this.roster.get(msg.id)
    const live = msg.tok !== undefined && msg.tok !== known?.token ? this.adopt(msg.id, msg.tok, msg.q)?.live : known
    if (live) return live.receive(msg)
    // an event the browser sent before the component left its page: answered with its removal again
    if (msg.tok === undefined && this.roster.wasGone(msg.id)) return this.send({ t: 'rm', id: msg.id, ...(msg.q ? { q: msg.q } : {}) })
    if (msg.tok === undefined) this.fail('not-joined', `#${msg.id} has not joined this socket; send its token`, msg.id, msg.q)
  }
}
