// Per-socket budgets (the `limits` option): what one browser may ask of a node, each checked before any work
// is done and answered with a coded error, so that one socket cannot stall the node for the others.

export interface Limits {
  /** events a socket may send per second, on average */
  eventsPerSecond: number
  /** events a socket may send at once above that rate (a page re-sending its outbox after a reconnect) */
  eventBurst: number
  /** components in one join */
  componentsPerJoin: number
  /** components one socket follows at once (children its renders mount included) */
  componentsPerSocket: number
  /** nesting depth of a message's JSON (the message object is depth 1) */
  jsonDepth: number
  /** characters of any string in a message but its tokens (a token has its own cap, 64 KiB) */
  stringLength: number
  /** characters of one message */
  messageBytes: number
  /** token failures a socket may have (tampered, foreign, expired...) before the node closes it */
  tokenFailures: number
  /** bytes waiting to be sent to a peer that does not read them, above which the socket stops reading */
  bufferedBytes: number
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  eventsPerSecond: 50,
  eventBurst: 200,
  componentsPerJoin: 500,
  componentsPerSocket: 2000,
  jsonDepth: 32,
  stringLength: 65_536,
  messageBytes: 256 * 1024,
  tokenFailures: 20,
  bufferedBytes: 1024 * 1024,
})

/** The defaults with the app's own `limits`; each must be a positive number (Infinity turns a budget off). */
export function resolveLimits(given: Partial<Limits> = {}): Limits {
  const limits = { ...DEFAULT_LIMITS, ...given }
  for (const [name, value] of Object.entries(limits)) {
    if (!(name in DEFAULT_LIMITS)) throw new Error(`koa-reactor: unknown limit "${name}"; the limits are ${Object.keys(DEFAULT_LIMITS).join(', ')}`)
    if (typeof value !== 'number' || !(value > 0)) throw new Error(`koa-reactor: the limit ${name} must be a positive number (Infinity turns it off), not ${String(value)}`)
  }
  return limits
}

/** The refusal of a component beyond `componentsPerSocket`. */
export const tooManyFollowed = (limit: number) => `this socket follows ${limit} components already (the limits option componentsPerSocket)`

/**
 * A token bucket: `rate` events per second on average, `burst` at once. A message that does the work of
 * several events (a lazy message mounts one component per ticket) costs as many: it is taken while one token
 * is left, and the debt it leaves refuses the next ones until the bucket has refilled.
 */
export class RateBudget {
  private tokens: number
  private at = Date.now()

  constructor(private readonly rate: number, private readonly burst: number) {
    this.tokens = burst
  }

  /** Whether one more message fits (and counts it, as `cost` events). */
  take(cost = 1): boolean {
    if (this.rate === Infinity) return true
    const now = Date.now()
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.rate)
    this.at = now
    if (this.tokens < 1) return false
    this.tokens -= cost
    return true
  }
}

/** What is wrong with `value` (a parsed message) when it nests deeper or holds longer strings than allowed. */
export function oversized(value: unknown, limits: Limits, depth = 1, key = ''): { code: string; msg: string } | undefined {
  if (typeof value === 'string') {
    if (value.length <= limits.stringLength || key === 'tok') return undefined
    return { code: 'string-too-long', msg: `a string in the message has ${value.length} characters; at most ${limits.stringLength} are accepted (the limits option stringLength)` }
  }
  if (typeof value !== 'object' || value === null) return undefined
  if (depth > limits.jsonDepth) return { code: 'too-deep', msg: `the message nests deeper than ${limits.jsonDepth} levels (the limits option jsonDepth)` }
  // for...in over parsed JSON (own keys only): Object.entries would build an array for every object
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue
    const wrong = k.length > limits.stringLength ? oversized(k, limits) : oversized((value as Record<string, unknown>)[k], limits, depth + 1, k)
    if (wrong) return wrong
  }
  return undefined
}
