// Development: live reload that keeps state. The views folders are watched; when a component's template changes,
// every open page that shows that component renders it again from the state its browser holds (a diff: no page
// load, the count, the scroll, the focus and what was typed stay); when another template changes (a page, its
// layout, a partial), each open page fetches itself again and morphs in place, its components kept, and every
// component renders again too (a partial may be a component's). A restarted server has another boot: its pages
// fetch themselves again once they rejoin (public/features/develop/live-reload.ts). On only when the app is in
// development and its templates are watched (`watch`, on unless NODE_ENV=production): in production the plugin
// has no hooks and watches nothing.
import { watch, type FSWatcher } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { basename, resolve } from 'node:path'
import type { App, Feature } from '../../koa/plugin.js'
import type { Host } from '../../wire/host.js'
import type { SocketMessage } from '../../wire/plugin.js'

/** How long a burst of file events (an editor's write, rename and chmod) is gathered before pages are told. */
const SETTLE_MS = 40

/** The files editors write beside the one saved (swap, backup, lock, vim's write test `4913`): no template changed. */
const EDITORS_OWN = /^[.#]|~$|\.(swp|swx|tmp)$|^\d+$/

export const liveReload: Feature = (app) => {
  if (!app.development || app.options.watch === false) return { name: 'live-reload' }
  const reload = new LiveReload(app)
  // the browser's `reload`: this page wants to hear of changes (the development client sends it once connected)
  const hello: SocketMessage<object> = { parse: () => ({}), run: (_, host) => reload.follow(host) }
  return {
    name: 'live-reload',
    messages: { reload: hello },
    closed: (host) => void reload.hosts.delete(host),
    page: { done: (_, html) => reload.stamp(html) },
    close: async () => reload.stop(),
  }
}

class LiveReload {
  /** the sockets of the pages that follow changes */
  readonly hosts = new Set<Host>()
  /** what the pages rendered now show: this process's boot, and how many times a page's template changed */
  private pages = 0
  private readonly boot = randomBytes(6).toString('base64url')
  private watchers?: FSWatcher[]
  private changed = new Set<string>()
  private timer?: NodeJS.Timeout

  constructor(private readonly app: App) {}

  private get version(): string {
    return `${this.boot}.${this.pages}`
  }

  /** The page says which version of the templates it was rendered with (beside its script: navigation swaps it). */
  stamp(html: string): string {
    const script = html.indexOf(` data-url="${this.app.socketUrl}"`)
    const at = script < 0 ? -1 : html.lastIndexOf('<script', script)
    return at < 0 ? html : `${html.slice(0, at)}<meta name="reactor-live" content="${this.version}">${html.slice(at)}`
  }

  /** A page's socket follows changes from now on: it hears the version (another one after a restart: it fetches itself again). */
  follow(host: Host): void {
    this.hosts.add(host)
    this.watchers ??= this.folders().flatMap((folder) => this.watch(folder))
    host.send({ t: 'reload', v: this.version })
  }

  private folders(): string[] {
    const views = this.app.options.views ?? 'views'
    return (typeof views === 'string' ? [views] : views).map((folder) => resolve(folder))
  }

  private watch(folder: string): FSWatcher[] {
    try {
      const watcher = watch(folder, { recursive: true }, (_, file) => file && this.saw(resolve(folder, file.toString())))
      watcher.unref() // a watcher never keeps the process up
      return [watcher]
    } catch (error) {
      this.app.log.warn(`koa-reactor: live reload cannot watch ${folder} (${(error as Error).message}); templates still reload on the next render`)
      return []
    }
  }

  private saw(path: string): void {
    if (EDITORS_OWN.test(basename(path))) return
    this.changed.add(path)
    clearTimeout(this.timer)
    this.timer = setTimeout(() => this.apply(), SETTLE_MS)
    this.timer.unref()
  }

  /** The changed files: compiled again at their next render, then the pages that show them render again. */
  private apply(): void {
    const files = [...this.changed]
    this.changed.clear()
    const { engine } = this.app
    engine.renderer.forget()
    const owners = engine.registry.all.filter((entry) => files.includes(engine.renderer.path(entry.cls.template)))
    const names = new Set(owners.map((entry) => entry.name))
    // a file no component owns: a page, a layout or a partial (a component's too, perhaps): every page and component
    const pages = owners.length < files.length
    if (pages) this.pages++
    this.app.log.info?.(`koa-reactor: ${files.join(', ')} changed: ${pages ? 'the open pages and their components' : `the open ${[...names].join(', ')}`} render again`)
    for (const host of this.hosts) this.redraw(host, pages ? undefined : names)
  }

  /** Renders again the components of `names` (all of them: undefined) the page shows, from the state it holds. */
  private redraw(host: Host, names?: Set<string>): void {
    const shown = host.roster.all.filter((live) => !names || names.has(live.claims.cmp))
    if (!shown.length && !names) return host.send({ t: 'reload', v: this.version })
    // the browser keeps what was typed in them through these renders
    host.send({ t: 'reload', n: [...new Set(shown.map((live) => live.claims.cmp))], ...(names ? {} : { v: this.version }) })
    for (const live of shown) live.later(Promise.resolve(), () => {})
  }

  stop(): void {
    clearTimeout(this.timer)
    for (const watcher of this.watchers ?? []) watcher.close()
    this.hosts.clear()
  }
}
