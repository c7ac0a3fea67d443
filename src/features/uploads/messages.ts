// The socket's messages about uploads, as the browser client sends them: `up` announces a file (again once its
// bytes went over HTTP), `upx` cancels one.
import { isObject } from '../../wire/fields.js'
import { MAX_ID, ProtocolError } from '../../wire/protocol.js'
import { REF } from './receiver.js'

/**
 * An upload announced: component id, upload name n, the browser's reference, and the file (name, type, size);
 * h: 1 when HTTP failed for it (its bytes then come over this socket).
 */
export interface Announce {
  t: 'up'
  id: string
  n: string
  ref: string
  f: { name: string; type: string; size: number }
  h?: 1
}

/** An upload cancelled. */
export interface Cancel {
  t: 'upx'
  ref: string
}

const isName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID

export function parseAnnounce(msg: Record<string, unknown>): Announce {
  const id = isName(msg.id) ? msg.id : undefined
  const f = isObject(msg.f) ? msg.f : {}
  if (!id || !isName(msg.n) || typeof msg.ref !== 'string' || !REF.test(msg.ref) || typeof f.name !== 'string' || typeof f.type !== 'string' || typeof f.size !== 'number') {
    throw new ProtocolError('bad-message', 'an upload needs an id, its name n, a 16-letter reference ref and its file f: {name, type, size}', id)
  }
  return { t: 'up', id, n: msg.n, ref: msg.ref, f: { name: f.name.slice(0, 255), type: f.type.slice(0, 100), size: f.size }, ...(msg.h === 1 ? { h: 1 as const } : {}) }
}

export function parseCancel(msg: Record<string, unknown>): Cancel {
  if (typeof msg.ref !== 'string') throw new ProtocolError('bad-message', 'upx needs the reference ref of the upload to cancel')
  return { t: 'upx', ref: msg.ref }
}
