// Uploads, as a capability: a class's `static uploads` rules are written onto its inputs at each render; a socket
// takes the browser's `up` (a file announced) and `upx` (cancelled) and the binary chunks of files, and keeps the
// files it received for the component's handlers (`this.uploaded(name)`) in its scope's `uploads` slot, made on the
// socket's first upload; a PUT of a file's part to `<socket path>/upload/<ticket>` goes to the store, on any node.
import type { Middleware } from 'koa'
import { has, type Check } from '../../koa/options.js'
import type { App, Feature, Plugin } from '../../koa/plugin.js'
import { MemoryBus } from '../../realtime/bus/memory.js'
import type { Host } from '../../wire/host.js'
import { receivePut, type HttpUploads } from './http.js'
import { parseAnnounce, parseCancel, type Announce, type Cancel } from './messages.js'
import { UPLOAD_PATH } from './parts.js'
import { Uploads } from './receiver.js'
import { markUploads, rulesOf, type UploadRule } from './rules.js'
import { nodeStore, type UploadStore } from './store.js'

/** Partial uploads nobody resumed within an hour go; the store is looked through every ten minutes. */
const ABANDONED_MS = 3_600_000
const SWEEP_EVERY_MS = 600_000

/** The files a socket received, where `scope` is its scope (none during a page request, or before its first upload). */
export function uploadsOf(scope: object | undefined): Uploads | undefined {
  return (scope as { slots?: { uploads?: Uploads } } | undefined)?.slots?.uploads
}

function setUp(app: App): Plugin<Record<string, UploadRule>> {
  const store = app.options.uploads ?? nodeStore()
  // files go over HTTP where any node that receives them can hand them to the component: with one node (no bus
  // between nodes) or a store every node shares; elsewhere over the page's socket, to its node
  const overHttp = store.shared || app.bus instanceof MemoryBus
  const sweep = setInterval(() => void store.sweep(ABANDONED_MS), SWEEP_EVERY_MS).unref()
  const on = (host: Host): Uploads => ((host.scope.slots ??= {}).uploads ??= new Uploads(host, store, overHttp)) as Uploads
  return {
    name: 'uploads',
    declare: (cls) => {
      const rules = rulesOf(cls)
      return Object.keys(rules).length ? rules : undefined
    },
    html: (rules, _instance, html) => markUploads(html, rules),
    messages: {
      // in turn: a file's place among its upload's files and the count of files are taken from those before it
      up: { parse: parseAnnounce, run: (msg: Announce, host) => on(host).announce(msg.id, msg.n, msg.ref, msg.f, msg.h !== 1) },
      upx: {
        parse: parseCancel,
        run: (msg: Cancel, host) => void uploadsOf(host.scope)?.cancel(msg.ref).catch((error) => host.options.log.error('koa-reactor: cancelling an upload failed', error)),
      },
    },
    binary: (host, data) => on(host).chunk(data),
    closed: (host) => uploadsOf(host.scope)?.closed(),
    middleware: putMiddleware(app, store),
    close: async () => clearInterval(sweep),
  }
}

/** Takes a PUT of a file's part to `<socket path>/upload/<ticket>`; other requests go on. */
function putMiddleware(app: App, store: UploadStore): Middleware {
  let puts: HttpUploads | undefined
  return (ctx, next) => {
    const ticket = ctx.method === 'PUT' ? ticketIn(app, ctx.path) : undefined
    if (ticket === undefined) return next()
    return receivePut(ctx, ticket, (puts ??= { ring: app.engine.ring, store, log: app.log, origins: app.origins, development: app.development }))
  }
}

/** The upload ticket a PUT to `<socket path>/upload/<ticket>` carries; undefined for other paths. */
function ticketIn(app: App, path: string): string | undefined {
  const at = path.lastIndexOf(UPLOAD_PATH)
  return at > 0 && app.isOurs(path.slice(0, at), '') ? path.slice(at + UPLOAD_PATH.length) : undefined
}

/** The option `uploads` (declared in store.ts), checked when the Reactor is made. */
const options: Record<string, Check> = {
  uploads: [has('offset', 'append', 'complete', 'remove', 'sweep'), 'an UploadStore (new DirectoryStore(folder, shared), or an object with offset, append, complete, remove and sweep)'],
}

export const uploads: Feature = Object.assign(setUp, { options })
