// Replay protection, for components that opt in (`static replay = true`): an event runs only from the newest
// state of its component. Each mount gets a random `rpl` claim; a high-water mark per `rpl` (in Redis with
// the Redis bus, else in this node's memory) records the last event applied, and a token whose `seq` is
// older than the mark (the back button, a copied page) is refused as `replayed`.
import { randomBytes } from 'node:crypto'
import type { RedisClient } from '../realtime/bus/redis-client.js'
import { sharedRedis } from '../realtime/bus/shared.js'
import { Lru } from '../core/lru.js'
import { slot } from '../core/plugin.js'
import type { Claims } from '../core/token.js'
import type { Feature } from '../koa/plugin.js'

/** Where the marks live. `claim` is atomic: it moves the mark to `to` only when no newer state was used. */
export interface Marks {
  /** false when the mark is past `from` (and not already this event's own `to`) */
  claim(id: string, from: number, to: string, ttl: number): Promise<boolean>
  /** moves the mark back to `from` when it is still `to` (the event did not apply) */
  release(id: string, from: number, to: string): Promise<void>
  /** the seq of the last event applied (0: none) */
  seq(id: string): Promise<number>
}

/** An event may run (and `undo` gives the mark back if it then does not apply), or it is refused. */
export type Verdict = { undo: () => Promise<void> } | { code: 'replayed' | 'replay-unavailable'; message: string }

const seqOf = (mark: string | undefined) => (mark === undefined ? 0 : parseInt(mark, 10))

export class MemoryMarks implements Marks {
  private readonly marks = new Lru<string, string>(100_000)

  async claim(id: string, from: number, to: string): Promise<boolean> {
    const mark = this.marks.get(id)
    if (mark !== to && seqOf(mark) > from) return false
    this.marks.set(id, to)
    return true
  }

  async release(id: string, from: number, to: string): Promise<void> {
    if (this.marks.get(id) === to) this.marks.set(id, String(from))
  }

  async seq(id: string): Promise<number> {
    return seqOf(this.marks.get(id))
  }
}

const CLAIM = `local mark = redis.call('GET', KEYS[1])
if mark and mark ~= ARGV[2] and tonumber(string.match(mark, '^%d+')) > tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1`
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[2] then redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL') end
return 1`

export class RedisMarks implements Marks {
  constructor(private readonly redis: RedisClient, private readonly prefix = 'reactor:seq:') {}

  async claim(id: string, from: number, to: string, ttl: number): Promise<boolean> {
    await connected(this.redis)
    return (await this.redis.eval(CLAIM, 1, this.prefix + id, from, to, ttl)) === 1
  }

  async release(id: string, from: number, to: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.prefix + id, from, to)
  }

  async seq(id: string): Promise<number> {
    await connected(this.redis)
    return seqOf((await this.redis.get(this.prefix + id)) ?? undefined)
  }
}

/** A node that has just started may get an event before its Redis connection is up: it waits a moment for it. */
function connected(redis: RedisClient, ms = 2000): Promise<void> {
  if (!['wait', 'connecting', 'connect'].includes(redis.status)) return Promise.resolve() // up, or down: no waiting
  return new Promise((resolve) => {
    const done = () => (clearTimeout(timer), redis.off('ready', done), resolve())
    const timer = setTimeout(done, ms)
    redis.once('ready', done)
  })
}

export class ReplayGuard {
  constructor(private readonly marks: Marks, private readonly ttl: number) {}

  /** Whether event `q` of page `page` may run from the state `claims`, the claims of a mount with a replay id. */
  async begin(claims: Claims, q: number, page: string): Promise<Verdict> {
    const id = claims.rpl as string
    const from = claims.seq ?? 0
    const to = `${q} ${page}`
    let allowed: boolean
    try {
      allowed = await this.marks.claim(id, from, to, this.ttl)
    } catch {
      return unavailable(claims)
    }
    if (!allowed) return replayed(claims)
    return { undo: () => this.marks.release(id, from, to).catch(() => undefined) }
  }

  /**
   * Whether the browser may hold `claims` (a join, or an event's token, before its subscriptions and presence
   * are restored from it): not when an event already ran from a newer state. Undefined: it may.
   */
  async current(claims: Claims): Promise<Refusal | undefined> {
    let seq: number
    try {
      seq = await this.marks.seq(claims.rpl as string)
    } catch {
      return unavailable(claims)
    }
    return seq > (claims.seq ?? 0) ? replayed(claims) : undefined
  }
}

type Refusal = Exclude<Verdict, { undo: unknown }>

const replayed = (claims: Claims): Refusal => ({ code: 'replayed', message: `#${claims.cid}'s state is older than one already used (the back button, or a copied page); reload the page` })
const unavailable = (claims: Claims): Refusal => ({ code: 'replay-unavailable', message: `the replay check for #${claims.cid} cannot reach Redis; send the event again in a moment` })

const newReplayId = () => randomBytes(9).toString('base64url')
/** one object for every Reactor: a claim's check is declared once */
const claims = { rpl: (v: unknown) => typeof v === 'string' }

/** The capability: a class with `static replay` gets an `rpl` claim at mount (kept in its runtime slot), and
 * its events and held tokens are checked against the marks (in Redis with a Redis bus, made on first use). */
export const replay: Feature = (app) => {
  let guard: ReplayGuard | undefined
  const marks = () => {
    const redis = sharedRedis(app.bus)?.commands
    return (guard ??= new ReplayGuard(redis ? new RedisMarks(redis) : new MemoryMarks(), app.engine.ttl))
  }
  return {
    name: 'replay',
    claims,
    declare: (cls) => (cls.replay ? true : undefined),
    shown: (claims) => claims.rpl && claims.seq,
    rebuilt: (_use, instance, claims) => void (claims.rpl !== undefined && slot(instance, 'replay', () => claims.rpl)),
    seal: (_use, instance, claims) => void (claims.rpl = slot(instance, 'replay', newReplayId)),
    admit: (_use, _live, claims) => (claims.rpl === undefined ? undefined : marks().current(claims)),
    before: async (_use, live, q) => (live.claims.rpl === undefined ? undefined : marks().begin(live.claims, q, live.host.page)),
  }
}
