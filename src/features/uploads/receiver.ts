// One socket's uploads: a file is announced (`up`: component, upload name, a reference the browser chose, and
// the file's name, type and size), checked against the component's rules, then arrives in binary chunks
// (16 bytes of reference, the offset as a float64, the bytes), each acknowledged with the next offset. Once
// complete, the component's handlers on this node get it through `this.uploaded(name)`. Where every node can
// hand a file to the component (one node, or a shared store), the answer to `up` carries a ticket instead, and
// the browser PUTs the bytes over HTTP (http.ts), which is several times faster; it announces the file again
// once they are sent, and this socket finds it complete in the store. What a socket holds is bounded by the
// rules: at most `maxFiles` of an upload in flight (counted as they are announced) and as many received.
import { createHash } from 'node:crypto'
import { createReadStream, type ReadStream } from 'node:fs'
import type { Host } from '../../wire/host.js'
import { check, rulesOf, UploadError, type Announced } from './rules.js'
import { StoreRefusal, type UploadStore } from './store.js'
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
  /** the rule's maxFiles: the files of this upload kept until a handler takes them */
  most: number
}

/** A file received and not taken yet, with its reference and announce order. */
interface Received {
  ref: string
  order: number
  file: UploadedFile
}

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

  /** `overHttp`: files may come over HTTP to any node (every node that may receive them can hand them over) */
  constructor(private readonly host: Host, private readonly store: UploadStore, private readonly overHttp: boolean) {}

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
    const taken = all.filter((r) => r.file.field === field).sort((a, b) => a.order - b.order).map((r) => r.file)
    this.received.set(id, all.filter((r) => r.file.field !== field))
    setTimeout(() => taken.forEach((f) => void this.store.remove(this.keyOf(f.path))), 60_000).unref()
    return taken
  }

  /** `http`: the browser may send the bytes over HTTP (it has not failed to). */
  async announce(id: string, field: string, ref: string, file: Announced, http = false): Promise<void> {
    try {
      await this.begin(id, field, ref, file, http)
    } catch (error) {
      this.fail(ref, 'upload-failed', `${file.name} could not be stored; try again`, id, error)
    }
  }

  private async begin(id: string, field: string, ref: string, file: Announced, http: boolean): Promise<void> {
    const live = this.host.roster.get(id)
    if (!live) return this.fail(ref, 'not-joined', `#${id} has not joined this socket`, id)
    const entry = this.host.engine.entry(live.claims.cmp)
    const key = this.key(live.claims.sid, id, ref)
    const count = 1 + [...this.arriving.values()].filter((a) => a.id === id && a.field === field && a.key !== key).length
    let most: number
    try {
      most = check(entry.name, rulesOf(entry.cls), field, file, count).maxFiles ?? 1
    } catch (error) {
      const e = error as UploadError
      return this.fail(ref, e.code, e.message, id)
    }
    // counted as it is announced, before anything is awaited: announcements sent at once are counted in turn
    const arriving: Arriving = { id, field, file, key, at: 0, order: this.arriving.get(ref)?.order ?? ++this.announced, most }
    this.arriving.set(ref, arriving)
    let at = await this.store.begin(key)
    if (at > file.size) (await this.store.remove(key), (at = await this.store.begin(key)))
    // cancelled, or its socket closed, meanwhile: what begin made goes
    if (this.arriving.get(ref) !== arriving) return this.arriving.has(ref) ? undefined : this.store.remove(key)
    arriving.at = at
    if (at === file.size) return this.finish(ref, arriving)
    const ticket = http && this.overHttp ? { u: signTicket(this.host.engine.ring, this.host.scope.session, key, file.size) } : {}
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
      await this.cancel(ref)
      if (error instanceof StoreRefusal) return this.fail(ref, error.code, error.message, up.id)
      return this.fail(ref, 'upload-failed', `${up.file.name} could not be stored; try again`, up.id, error)
    }
    up.at += bytes.length
    if (up.at === up.file.size) return this.finish(ref, up)
    this.host.send({ t: 'up', ref, at: up.at })
  }

  /** Cancels an upload in flight, or drops a received file no handler took yet. */
  async cancel(ref: string): Promise<void> {
    const up = this.arriving.get(ref)
    this.arriving.delete(ref)
    if (up) return this.store.remove(up.key)
    for (const [id, files] of this.receivedMap ?? []) {
      const dropped = files.filter((r) => r.ref === ref)
      if (dropped.length) this.received.set(id, files.filter((r) => r.ref !== ref))
      for (const r of dropped) await this.store.remove(this.keyOf(r.file.path))
    }
  }

  /** The socket closed: partial uploads go unless the store is shared (another node may resume them). */
  async closed(): Promise<void> {
    if (!this.arrivingMap && !this.receivedMap) return
    for (const ref of this.arriving.keys()) if (!this.store.shared) await this.cancel(ref)
    for (const files of this.received.values()) for (const { file } of files) await this.store.remove(this.keyOf(file.path))
    this.arriving.clear()
    this.received.clear()
  }

  /** Hands the file over; of the upload's files no handler took, the newest `maxFiles` are kept. */
  private async finish(ref: string, up: Arriving): Promise<void> {
    this.arriving.delete(ref)
    const path = await this.store.complete(up.key)
    const file: UploadedFile = { field: up.field, ...up.file, path, stream: () => createReadStream(path) }
    const all = [...(this.received.get(up.id) ?? []).filter((r) => r.ref !== ref), { ref, order: up.order, file }]
    const same = all.filter((r) => r.file.field === up.field).sort((a, b) => b.order - a.order)
    const dropped = new Set(same.slice(up.most))
    this.received.set(up.id, all.filter((r) => !dropped.has(r)))
    for (const r of dropped) await this.store.remove(this.keyOf(r.file.path))
    this.host.send({ t: 'upd', ref })
  }

  /** A key no other session can reach: the reference the browser chose, bound to its session and component. */
  private key(sid: string, id: string, ref: string): string {
    return createHash('sha256').update(`${sid}\0${id}\0${ref}`).digest('hex').slice(0, 40)
  }

  private keyOf(path: string): string {
    return path.slice(path.lastIndexOf('/') + 1)
  }

  /** Answered as every failure is (Host.fail): in production without the file's name or the store's error. */
  private fail(ref: string, code: string, msg: string, id?: string, error?: unknown): void {
    this.host.fail(code, msg, id, undefined, { ...(REF.test(ref) ? { ref } : {}), ...(error ? { error } : {}) })
  }
}
