// Where the bytes of uploads go while they arrive. The store is an interface; the built-in one is a directory:
// a node's own temporary folder by default (an interrupted upload then starts again), or a folder every node
// shares (`shared: true`), so a browser that reconnects to another node resumes where it stopped. The store is
// where an upload's truth lives, for every node: an upload takes bytes only while it is begun and not over
// (completed, cancelled, abandoned), and only at the offset it holds, so a ticket dies with its upload.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

declare module '../../koa/options.js' {
  interface FeatureOptions {
    /** where uploads arrive; default a temporary folder of this node (`new DirectoryStore(dir, true)` for a shared one) */
    uploads?: UploadStore | undefined
  }
}

export interface UploadStore {
  /** whether every node sees the same store (uploads resume across nodes) */
  readonly shared: boolean
  /** The bytes already stored under `key` (0 for a new upload, or one that is over). */
  offset(key: string): Promise<number>
  /** Begins the upload under `key`, or finds where it stopped: the bytes stored. */
  begin(key: string): Promise<number>
  /**
   * Writes `chunk` at `offset`, which must be the stored length: one write of an upload at a time, the offset
   * checked as it is written. Throws StoreRefusal when the upload is not begun or is over (`upload-gone`), or
   * holds another length (`upload-out-of-order`).
   */
  append(key: string, offset: number, chunk: Uint8Array): Promise<void>
  /** The complete file: a path the handler may read or move. */
  complete(key: string): Promise<string>
  /** Lets go of what `append` keeps open for `key` (an HTTP request that wrote to it has ended). */
  release?(key: string): Promise<void>
  /** Removes what is stored under `key` (a cancelled, abandoned or consumed upload). */
  remove(key: string): Promise<void>
  /** Removes partial uploads untouched for `ms`. */
  sweep(ms: number): Promise<void>
}

/** Why a store took no bytes: the upload is gone, or holds `at` bytes (not the offset given). */
export class StoreRefusal extends Error {
  constructor(readonly code: 'upload-gone' | 'upload-out-of-order', readonly at = 0) {
    super(code === 'upload-gone' ? 'this upload is over (completed, cancelled or abandoned); announce the file again' : `the store holds ${at} bytes of this upload; send from there`)
  }
}

let ownStore: DirectoryStore | undefined
const OWN = /^koa-reactor-uploads-(\d+)$/

/**
 * This node's own store: a temporary folder of the process (uploads do not resume on another node), removed
 * when it exits. A process killed (SIGKILL, a crash) cannot remove its own: the next node to start on the
 * machine removes the folders of processes that are gone, partial files and all.
 */
export function nodeStore(): DirectoryStore {
  if (ownStore) return ownStore
  sweepDeadNodes()
  const store = (ownStore = new DirectoryStore())
  process.once('exit', () => rmSync(store.dir, { recursive: true, force: true }))
  return store
}

function sweepDeadNodes(): void {
  for (const name of existsSync(tmpdir()) ? readdirSync(tmpdir()) : []) {
    const pid = Number(OWN.exec(name)?.[1])
    // one of this pid is a dead process's too: this store is not made yet
    if (pid && (pid === process.pid || !alive(pid))) rmSync(join(tmpdir(), name), { recursive: true, force: true })
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' // there, but another user's
  }
}

export class DirectoryStore implements UploadStore {
  private readonly handles = new Map<string, FileHandle>()
  /** per upload, its write or removal under way: the next waits for it */
  private readonly turns = new Map<string, Promise<unknown>>()

  constructor(readonly dir: string = join(tmpdir(), `koa-reactor-uploads-${process.pid}`), readonly shared = false) {
    mkdirSync(dir, { recursive: true })
  }

  private part(key: string): string {
    return join(this.dir, `${key}.part`)
  }

  async offset(key: string): Promise<number> {
    return stat(this.part(key)).then((s) => s.size, () => 0)
  }

  async begin(key: string): Promise<number> {
    return this.inTurn(key, async () => {
      await (await open(this.part(key), 'a')).close()
      return this.offset(key)
    })
  }

  /** Written where the offset says (another node's writes to the shared folder cannot push a file past its end). */
  append(key: string, offset: number, chunk: Uint8Array): Promise<void> {
    return this.inTurn(key, async () => {
      const handle = await this.handle(key)
      const { size } = await handle.stat()
      if (size !== offset) throw new StoreRefusal('upload-out-of-order', size)
      await handle.write(chunk, 0, chunk.length, offset)
    })
  }

  /** An open upload's file: not created here (one that is over stays over). */
  private async handle(key: string): Promise<FileHandle> {
    const held = this.handles.get(key)
    if (held) return held
    const handle = await open(this.part(key), 'r+').catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new StoreRefusal('upload-gone') : error
    })
    this.handles.set(key, handle)
    return handle
  }

  /** Runs `work` on upload `key` once the work before it on that upload has ended. */
  private inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
    const done = (this.turns.get(key) ?? Promise.resolve()).then(work, work)
    const settled = done.then(() => undefined, () => undefined)
    this.turns.set(key, settled)
    void settled.then(() => this.turns.get(key) === settled && this.turns.delete(key))
    return done
  }

  complete(key: string): Promise<string> {
    return this.inTurn(key, async () => {
      await this.close(key)
      const done = join(this.dir, key)
      await rename(this.part(key), done)
      return done
    })
  }

  async remove(key: string): Promise<void> {
    await this.inTurn(key, async () => {
      await this.close(key)
      await Promise.all([rm(this.part(key), { force: true }), rm(join(this.dir, key), { force: true })])
    })
  }

  async sweep(ms: number): Promise<void> {
    const now = Date.now()
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      const path = join(this.dir, name)
      const old = await stat(path).then((s) => now - s.mtimeMs > ms, () => false)
      if (old && name.endsWith('.part')) await this.remove(name.slice(0, -5))
    }
  }

  release(key: string): Promise<void> {
    return this.inTurn(key, () => this.close(key))
  }

  private async close(key: string): Promise<void> {
    const handle = this.handles.get(key)
    this.handles.delete(key)
    await handle?.close()
  }
}

