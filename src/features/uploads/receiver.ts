// One socket's uploads: a file is announced (`up`: component, upload name, a reference the browser chose, and
// the file's name, type and size), checked against the component's rules, then arrives in binary chunks
// (16 bytes of reference, the offset as a float64, the bytes), each acknowledged with the next offset. Once
// complete, the component's handlers on this node get it through `this.uploaded(name)`. Where every node can
// hand a file to the component (one node, or a shared store), the answer to `up` carries a ticket instead, and
// the browser PUTs the bytes over HTTP (http.ts), which is several times faster; it announces the file again
// once they are sent, and this socket finds it complete in the store.
import { createHash } from 'node:crypto'
import { createReadStream, type ReadStream } from 'node:fs'
import type { Host } from '../../wire/host.js'
import { check, rulesOf, UploadError, type Announced } from './rules.js'
import type { UploadStore } from './store.js'
import { signTicket } from './ticket.js'

export interface UploadedFile {
  /** the upload's name in `static uploads` */
  field: string
  name: string
  type: string
  size: number
  /** a temporary file on this node: move or copy it in the handler (it is removed when the socket closes) */
  path: string
  stream(): ReadStream
}

interface Arriving {
  id: string
  field: string
  file: Announced
  key: string
  at: number
  /** when it was first announced on this socket: a handler gets files in the order the browser sent them */
  order: number
}

/** A file received and not taken yet, with its announce order. */
type Received = [order: number, file: UploadedFile]

export const REF = /^[A-Za-z0-9]{16}$/

/** A binary chunk as the socket takes it: the 16-byte reference, the offset as a float64, the bytes. */
export function chunkFrame(ref: string, at: number, bytes: Uint8Array): Buffer {
  const header = Buffer.alloc(24)
  header.write(ref, 0, 'latin1')
  header.writeDoubleLE(at, 16)
  return Buffer.concat([header, bytes])
}

export class Uploads {
  // made on first use: most sockets upload nothing, and every idle socket pays for what it holds
  private arrivingMap?: Map<string, Arriving>
  private receivedMap?: Map<string, Received[]>
  private announced = 0

  constructor(private readonly host: Host, private readonly store: UploadStore) {}

  private get arriving(): Map<string, Arriving> {
    return (this.arrivingMap ??= new Map())
  }

  private get received(): Map<string, Received[]> {
    return (this.receivedMap ??= new Map())
  }

  /** The files of upload `field` component `id` received on this socket, in the order they were announced
   * (not the order they finished in); they are the caller's from now. */
  take(id: string, field: string): UploadedFile[] {
    const all = this.received.get(id) ?? []
    const taken = all.filter(([, f]) => f.field === field).sort(([a], [b]) => a - b).map(([, f]) => f)
    this.received.set(id, all.filter(([, f]) => f.field !== field))
    setTimeout(() => taken.forEach((f) => void this.store.remove(this.keyOf(f.path))), 60_000).unref()
    return taken
  }

  /** `http`: the browser may send the bytes over HTTP (it has not failed to). */
  async announce(id: string, field: string, ref: string, file: Announced, http = false): Promise<void> {
    const live = this.host.roster.get(id)
    if (!live) return this.fail(ref, 'not-joined', `#${id} has not joined this socket`, id)
    const entry = this.host.engine.entry(live.claims.cmp)
    const count = 1 + [...this.arriving.values()].filter((a) => a.id === id && a.field === field && a.key !== this.key(live.claims.sid, id, ref)).length
    try {
      check(entry.name, rulesOf(entry.cls), field, file, count)
    } catch (error) {
      const e = error as UploadError
      return this.fail(ref, e.code, e.message, id)
    }
    const key = this.key(live.claims.sid, id, ref)
    let at = await this.store.offset(key)
    if (at > file.size) (await this.store.remove(key), (at = 0))
    const arriving = { id, field, file, key, at, order: this.arriving.get(ref)?.order ?? ++this.announced }
    this.arriving.set(ref, arriving)
    if (at === file.size) return this.finish(ref, arriving)
    const ticket = http && this.host.options.httpUploads ? { u: signTicket(this.host.engine.ring, this.host.scope.session, key, file.size) } : {}
    this.host.send({ t: 'up', ref, at, ...ticket })
  }

  async chunk(data: Buffer): Promise<void> {
    if (data.length < 24) return this.fail('', 'bad-message', 'an upload chunk starts with its 16-byte reference and its offset')
    const ref = data.subarray(0, 16).toString('latin1')
    const offset = data.readDoubleLE(16)
    const bytes = data.subarray(24)
    const up = this.arriving.get(ref)
    if (!up) return this.fail(ref, 'upload-unknown', 'this upload was not announced on this socket (or was cancelled); announce it again')
    if (offset !== up.at) return this.fail(ref, 'upload-out-of-order', `the chunk starts at byte ${offset}; the upload expects byte ${up.at} next`, up.id)
    if (up.at + bytes.length > up.file.size) {
      await this.cancel(ref)
      return this.fail(ref, 'upload-too-large', `${up.file.name} sends more than the ${up.file.size} bytes it announced`, up.id)
    }
    try {
      await this.store.append(up.key, offset, bytes)
    } catch (error) {
      this.host.options.log.error('koa-reactor: the upload store failed', error)
      await this.cancel(ref)
      return this.fail(ref, 'upload-failed', `${up.file.name} could not be stored; try again`, up.id)
    }
    up.at += bytes.length
    if (up.at === up.file.size) return this.finish(ref, up)
    this.host.send({ t: 'up', ref, at: up.at })
  }

  async cancel(ref: string): Promise<void> {
    const up = this.arriving.get(ref)
    this.arriving.delete(ref)
    if (up) await this.store.remove(up.key)
  }

  /** The socket closed: partial uploads go unless the store is shared (another node may resume them). */
  async closed(): Promise<void> {
    if (!this.arrivingMap && !this.receivedMap) return
    for (const ref of this.arriving.keys()) if (!this.store.shared) await this.cancel(ref)
    for (const files of this.received.values()) for (const [, f] of files) await this.store.remove(this.keyOf(f.path))
    this.arriving.clear()
    this.received.clear()
  }

  private async finish(ref: string, up: Arriving): Promise<void> {
    this.arriving.delete(ref)
    const path = await this.store.complete(up.key)
    const file: UploadedFile = { field: up.field, ...up.file, path, stream: () => createReadStream(path) }
    this.received.set(up.id, [...(this.received.get(up.id) ?? []), [up.order, file]])
    this.host.send({ t: 'upd', ref })
  }

  /** A key no other session can reach: the reference the browser chose, bound to its session and component. */
  private key(sid: string, id: string, ref: string): string {
    return createHash('sha256').update(`${sid}\0${id}\0${ref}`).digest('hex').slice(0, 40)
  }

  private keyOf(path: string): string {
    return path.slice(path.lastIndexOf('/') + 1)
  }

  private fail(ref: string, code: string, msg: string, id?: string): void {
    this.host.options.log.warn(`koa-reactor: ${code} (upload ${ref}): ${msg}`)
    this.host.send({ t: 'err', ...(id ? { id } : {}), ...(ref ? { ref } : {}), code, msg })
  }
}
