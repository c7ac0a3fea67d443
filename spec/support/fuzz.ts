// Generated WebSocket frames for the message fuzzer: random JSON, messages of every type with fields right,
// wrong or hostile, broken JSON, binary frames, and the occasional oversized one. Seeded (see random.ts).
import { isRender, type ServerMessage } from '../../src/wire/protocol.js'
import { ALPHABET } from './mutations.js'
import type { Random } from './random.js'

/** What the fuzzer aims at: the components joined on its socket, their handlers, and tokens to use. */
export interface Target {
  ids: string[]
  handlers: string[]
  tokens: string[]
}

/** A page's components as a target (the handlers are those of the `/two` fixture page), with the join that holds them. */
export function pageTarget(components: Array<{ id: string; tok: string }>): Target & { join: object } {
  const held = components.map(({ id, tok }) => ({ id, tok }))
  return {
    ids: held.map((c) => c.id),
    handlers: ['inc', 'dec', 'set_to', 'explode', 'nothing', 'hit', 'corrupt'],
    tokens: held.map((c) => c.tok),
    join: { t: 'join', p: 'fuzz', c: held },
  }
}

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '']
const HOSTILE_NAMES = ['__proto__', 'constructor', 'mount', 'allowed', 'destroy', 'render', 'effect', 'toString', 'then', 'id']
const STRINGS = ['', ' ', '0', '-1', 'true', 'null', 'NaN', '\u0000', '\ud800', 'é', '<script>', '"', '\\', '{}', '%s%n']

function anyValue(r: Random, depth = 0): unknown {
  switch (r.int(depth > 3 ? 5 : 8)) {
    case 0: return null
    case 1: return r.chance(0.5)
    case 2: return r.pick([0, -1, 1, 2 ** 53, -(2 ** 53), 1.5, 1e308, -0, r.int(1000)])
    case 3: return r.pick(STRINGS)
    case 4: return r.string(r.int(30), ALPHABET + ' .:/')
    case 5: return Array.from({ length: r.int(4) }, () => anyValue(r, depth + 1))
    default: return anyObject(r, depth + 1)
  }
}

function anyObject(r: Random, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (let i = r.int(4); i > 0; i--) out[r.chance(0.2) ? r.pick(HOSTILE_KEYS) : r.string(1 + r.int(6))] = anyValue(r, depth)
  return out
}

/** A value for a field: usually a plausible one from `good`, sometimes anything. */
function field(r: Random, good: () => unknown): unknown {
  return r.chance(0.85) ? good() : anyValue(r)
}

function message(r: Random, target: Target): Record<string, unknown> {
  const id = () => (r.chance(0.8) ? r.pick(target.ids) : r.string(r.int(12)))
  const tok = () => (r.chance(0.7) ? r.pick(target.tokens) : r.string(r.int(80), ALPHABET + '.'))
  const t = r.chance(0.9) ? r.pick(['ev', 'ev', 'ev', 'join', 'leave']) : anyValue(r)
  const msg: Record<string, unknown> = { t }
  if (t === 'join') {
    msg.p = field(r, () => r.string(8))
    msg.c = field(r, () => Array.from({ length: r.int(3) }, () => ({ id: field(r, id), tok: field(r, tok), ...(r.chance(0.3) ? { h: field(r, () => r.string(8)) } : {}) })))
    if (r.chance(0.2)) msg.r = field(r, () => 1)
  } else {
    msg.id = field(r, id)
    msg.n = field(r, () => (r.chance(0.8) ? r.pick(target.handlers) : r.pick(HOSTILE_NAMES)))
    if (r.chance(0.6)) msg.a = field(r, () => anyObject(r))
    msg.q = field(r, () => 1 + r.int(5000))
    if (r.chance(0.3)) msg.tok = field(r, tok)
    if (r.chance(0.1)) msg.r = field(r, () => 1)
  }
  if (r.chance(0.1)) Object.assign(msg, anyObject(r))
  return msg
}

const PROTOTYPE_ATTACKS = [
  '{"t":"__proto__","__proto__":{"t":"ev"},"constructor":{"prototype":{"polluted":1}}}',
  '{"t":"ev","id":"x","n":"inc","q":1,"a":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}}',
  '{"t":"join","p":"x","c":[{"__proto__":{"id":"x","tok":"y"}}]}',
]

/** One frame: text (usually JSON) or binary. */
export function frame(r: Random, target: Target): string | Buffer {
  const kind = r.int(100)
  if (kind < 70) return JSON.stringify(message(r, target))
  if (kind < 80) return JSON.stringify(anyValue(r))
  if (kind < 88) {
    const text = JSON.stringify(message(r, target))
    return text.slice(0, r.int(text.length))
  }
  if (kind < 93) return r.string(r.int(40), ALPHABET + '{}[]":,\\ \n')
  if (kind < 97) return Buffer.from(r.string(r.int(40)))
  if (kind < 99) return r.pick(PROTOTYPE_ATTACKS)
  return JSON.stringify({ t: 'ev', id: r.pick(target.ids), n: r.pick(target.handlers), q: 1, a: { s: 'x'.repeat(200_000 + r.int(200_000)) } })
}

const TYPES: Record<string, string[]> = {
  render: ['id'],
  ack: ['id', 'q'],
  err: ['code', 'msg'],
  rm: ['id'],
  visit: ['url', 'action'],
  focus: ['id', 'sel'],
  flash: ['html'],
}

/** What is wrong with a frame the server sent, or undefined when it is a well-formed ServerMessage. */
export function malformation(text: string): string | undefined {
  let m: ServerMessage & Record<string, unknown>
  try {
    m = JSON.parse(text)
  } catch {
    return 'not JSON'
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return 'not an object'
  // a render is the one message without a type
  const required = TYPES[m.t ?? 'render']
  if (!required) return `unknown type ${JSON.stringify(m.t)}`
  for (const key of required) if (m[key] === undefined) return `${m.t ?? 'render'} without ${key}`
  for (const key of ['id', 'code', 'msg', 'tok', 's', 'html', 'url', 'sel']) {
    if (m[key] !== undefined && typeof m[key] !== 'string') return `${key} is not a string`
  }
  if (m.q !== undefined && !Number.isSafeInteger(m.q)) return 'q is not an integer'
  if (isRender(m) && m.s !== undefined && !Array.isArray(m.p)) return 'a token patch without p'
  if (isRender(m) && m.d !== undefined && !Array.isArray(m.d)) return 'd is not a diff'
  return undefined
}
