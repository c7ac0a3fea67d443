// Where the bytes of uploads go while they arrive. The store is an interface; the built-in one is a directory:
// a node's own temporary folder by default (an interrupted upload then starts again), or a folder every node
// shares (`shared: true`), so a browser that reconnects to another node resumes where it stopped.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface UploadStore {
  /** whether every node sees the same store (uploads resume across nodes) */
  readonly shared: boolean
  /** The bytes already stored under `key` (0 for a new upload). */
  offset(key: string): Promise<number>
  /** Appends `chunk` at `offset` (which must be the stored length). */
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

  constructor(readonly dir: string = join(tmpdir(), `koa-reactor-uploads-${process.pid}`), readonly shared = false) {
    mkdirSync(dir, { recursive: true })
  }

  private part(key: string): string {
    return join(this.dir, `${key}.part`)
  }

  async offset(key: string): Promise<number> {
    return stat(this.part(key)).then((s) => s.size, () => 0)
  }

  async append(key: string, offset: number, chunk: Uint8Array): Promise<void> {
    let handle = this.handles.get(key)
    if (!handle) this.handles.set(key, (handle = await open(this.part(key), 'a')))
    await handle.write(chunk, 0, chunk.length, offset)
  }

  async complete(key: string): Promise<string> {
    await this.release(key)
    const done = join(this.dir, key)
    await rename(this.part(key), done)
    return done
  }

  async remove(key: string): Promise<void> {
    await this.release(key)
    await Promise.all([rm(this.part(key), { force: true }), rm(join(this.dir, key), { force: true })])
  }

  async sweep(ms: number): Promise<void> {
    const now = Date.now()
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      const path = join(this.dir, name)
      const old = await stat(path).then((s) => now - s.mtimeMs > ms, () => false)
      if (old && name.endsWith('.part')) await this.remove(name.slice(0, -5))
    }
  }

  async release(key: string): Promise<void> {
    const handle = this.handles.get(key)
    this.handles.delete(key)
    await handle?.close()
  }
}

