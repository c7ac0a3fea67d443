// The key ring: secrets (newest first) -> purpose-specific HMAC keys with a stable `kid`.
import { createHash, createHmac, hkdfSync } from 'node:crypto'
import { Lru } from './lru.js'

export interface Key {
  readonly kid: string
  /** signs and verifies state tokens */
  readonly state: Buffer
  /** turns a session id into the binding claim, so the cookie's value never reaches the page */
  readonly session: Buffer
  /** encrypts and decrypts sealed state fields */
  readonly seal: Buffer
}

function derive(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, '', `koa-reactor/${purpose}/v1`, 32))
}

export function keyFromSecret(secret: string): Key {
  const state = derive(secret, 'state')
  const kid = createHash('sha256').update(state).digest('base64url').slice(0, 6)
  return { kid, state, session: derive(secret, 'session'), seal: derive(secret, 'seal') }
}

export class KeyRing {
  readonly keys: readonly Key[]
  private readonly byKid: Map<string, Key>

  /** `secrets` newest first: tokens are signed with the first and verified with any. */
  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error('koa-reactor: the key ring needs at least one secret')
    this.keys = secrets.map(keyFromSecret)
    this.byKid = new Map(this.keys.map((key) => [key.kid, key]))
  }

  get current(): Key {
    return this.keys[0]
  }

  find(kid: unknown): Key | undefined {
    return typeof kid === 'string' ? this.byKid.get(kid) : undefined
  }

  /** by key, then by session id: the socket's own session string is looked up (its hash is kept), not a new one */
  private readonly bindings = new WeakMap<Key, Lru<string, string>>()

  /** The session claim for `sessionId` under `key`: 96 bits of an HMAC, never the id itself. */
  bindSession(key: Key, sessionId: string): string {
    let memo = this.bindings.get(key)
    if (!memo) this.bindings.set(key, (memo = new Lru(50_000)))
    let binding = memo.get(sessionId)
    if (binding === undefined) {
      binding = createHmac('sha256', key.session).update(sessionId).digest('base64url').slice(0, 16)
      memo.set(sessionId, binding)
    }
    return binding
  }
}
