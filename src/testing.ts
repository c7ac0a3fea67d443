// The test client for apps built with koa-reactor (the seed's `reactor()` communicator, made nicer):
// load a page over HTTP, join its components over a real WebSocket, send events, and query the live HTML
// with CSS selectors. Needs the `happy-dom` package (a dev dependency of your app).
/**
 * The test client: `serve` an app, `open` a page over HTTP and a real WebSocket, fire its events and query its live HTML (needs `happy-dom`).
 * @module koa-reactor/testing
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import WebSocket from 'ws'
import { parseArgs } from './wire/args.js'
import { stream } from './features/streams/dom.js'
import { apply, patchToken } from './core/diff.js'
import { isRender, type RenderMessage, type ServerMessage } from './wire/protocol.js'
import { TestUpload, type TestFile } from './features/uploads/testing.js'
import { UPLOAD_PATH } from './features/uploads/parts.js'
import { fields, ROOT } from './wire/form-fields.js'
import { Recorded, type Flashed } from './testing-record.js'

export type { TestFile } from './features/uploads/testing.js'
export type { Flashed } from './testing-record.js'
/** `isRender(m)`: whether a message is a render (the one message without a type `t`) */
export { isRender, type RenderMessage, type ServerMessage }

type Listening = { listen(port: number, host: string, cb: () => void): Server }

/** Starts `app` on a free loopback port. */
export async function serve(app: Listening): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  }
}

export interface OpenOptions {
  /** cookies to send (for example a login), as `name=value; other=value` */
  cookie?: string
  /** the socket path; default `/__reactor__` */
  socketPath?: string
  /** how long to wait for an answer, in ms; default 3000 */
  timeout?: number
}

/** Loads `path` from `url` like a browser and joins its components. */
export async function open(url: string, path: string, options: OpenOptions = {}): Promise<LivePage> {
  const res = await fetch(url + path, { headers: options.cookie ? { cookie: options.cookie } : {}, redirect: 'manual' })
  // every cookie the page set (the session's, and any of the app's), as a browser would send them back
  const set = res.headers.getSetCookie().map((c) => c.split(';')[0])
  const cookie = [options.cookie, ...set].filter(Boolean).join('; ')
  const page = new LivePage(res.status, res.headers.get('location'), await res.text(), options.timeout ?? 3000, cookie, await domWindow())
  if (res.status < 300) await page.connect(url.replace(/^http/, 'ws') + (options.socketPath ?? '/__reactor__'), cookie)
  return page
}

/** What the page needs of a happy-dom window (its types stay out of the declarations: apps need not check them). */
interface DomWindow {
  document: unknown
  happyDOM: { close(): unknown }
}

/** A happy-dom window; without the package, an error that says how to install it. */
async function domWindow(): Promise<DomWindow> {
  try {
    return new (await import('happy-dom')).Window()
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND' || !/happy-dom/.test(String(error))) throw error
    throw new Error('koa-reactor/testing needs happy-dom (the DOM its pages live in): npm install --save-dev happy-dom')
  }
}

export class LivePage {
  readonly document: Document
  private readonly recorded: Recorded
  /** every message the server sent, in order */
  readonly messages: ServerMessage[] = []
  private ws?: WebSocket
  private socketUrl = ''
  private readonly texts = new Map<string, string>()
  private readonly seqs = new Map<string, number>()
  private waiters: Array<() => void> = []

  constructor(
    /** the HTTP status of the page (a component may redirect during its first render) */
    readonly status: number,
    readonly location: string | null,
    html: string,
    private readonly timeout: number,
    /** the cookies this page sends: yours and the session's */
    readonly cookie: string,
    private readonly window: DomWindow,
  ) {
    this.document = window.document as unknown as Document
    this.document.write(html)
    this.recorded = new Recorded((html) => this.fragment(html))
  }

  /** The URLs a handler's `visit` sent the browser to, in order (recorded, not followed: `open` one to go on). */
  get visited(): string[] {
    return this.recorded.visited
  }

  /** The URLs a handler's `redirect` loaded (or the first render's redirect: `status` and `location`). */
  get redirected(): string[] {
    return this.recorded.redirected
  }

  /** The flash messages handlers showed (`shown: 'now'`, also put in the page's `flash()`) or carried to the next page. */
  get flashes(): Flashed[] {
    return this.recorded.flashes
  }

  async connect(socketUrl: string, cookie: string): Promise<void> {
    this.socketUrl = socketUrl
    const ws = (this.ws = new WebSocket(socketUrl, { headers: { cookie } }))
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)))
    ws.on('message', (data) => this.receive(JSON.parse(data.toString())))
    const c = this.$$(ROOT).map((el) => ({ id: el.id, tok: el.getAttribute('state') }))
    ws.send(JSON.stringify({ t: 'join', p: Math.random().toString(36).slice(2), c }))
  }

  $(selector: string): Element | null {
    return this.document.querySelector(selector)
  }

  $$(selector: string): Element[] {
    return Array.from(this.document.querySelectorAll(selector))
  }

  /** The trimmed text of the first element matching `selector`; throws when none does (check with `$` first). */
  text(selector: string): string {
    const el = this.$(selector)
    if (!el) throw new Error(`page.text: no element matches ${selector} (page.$(selector) is null when it may be absent)`)
    return el.textContent?.trim() ?? ''
  }

  /** The component root that holds the element matching `target` (or is it). */
  component(target: string | Element): Element {
    const el = typeof target === 'string' ? this.$(target) : target
    const root = el?.closest(ROOT)
    if (!root) throw new Error(`no component holds ${String(target)}`)
    return root
  }

  /** Sends handler `name` with `args` to the component holding `target`; resolves with the server's answer. */
  async send(target: string | Element, name: string, args: Record<string, unknown> = {}, f: Array<[string, unknown]> = []): Promise<ServerMessage> {
    const { id } = this.component(target)
    const q = (this.seqs.get(id) ?? 0) + 1
    this.seqs.set(id, q)
    this.ws!.send(JSON.stringify({ t: 'ev', id, n: name, a: args, q, ...(f.length ? { f } : {}) }))
    return this.next((m) => 'id' in m && m.id === id && 'q' in m && m.q === q)
  }

  /**
   * Fires the `on:<event>` binding of the element matching `selector`, as a browser would: with the fields of
   * its form (or, outside a form, of its component), as they are now (`fill` them first).
   */
  async fire(selector: string, event = 'click'): Promise<ServerMessage> {
    const el = this.$(selector)
    const binding = el && Array.from(el.attributes).find((a) => a.name === `on:${event}` || a.name.startsWith(`on:${event}.`))
    if (!el || !binding) throw new Error(`${selector} has no on:${event} binding`)
    const [name, ...rest] = binding.value.trim().split(' ')
    const root = this.component(el)
    const form = el.closest('form')
    const f = fields(form && root.contains(form) ? form : root)
    return this.send(el, name!, rest.length ? parseArgs(rest.join(' '), el, { type: event }) : {}, f)
  }

  /** Types `value` into the field matching `selector` (true or false checks or unchecks a checkbox or radio). */
  fill(selector: string, value: string | boolean): void {
    const el = this.$(selector) as HTMLInputElement | null
    if (!el) throw new Error(`page.fill: no element matches ${selector}`)
    if (typeof value === 'boolean') el.checked = value
    else el.value = value
  }

  /**
   * Uploads `files` as the input `:upload="<name>"` of the component holding `target` does in the browser
   * (over HTTP where the node gives a ticket, else over the socket), and resolves once the node has them all.
   * Then send the handler that takes them: `await page.send(target, 'save')`. A refusal throws its code.
   */
  async upload(target: string | Element, name: string, files: TestFile[]): Promise<void> {
    const { id } = this.component(target)
    for (const file of files) await new TestUpload(this, id, name, file).send()
  }

  /** Sends a message or a binary chunk on the page's socket (for uploads). */
  raw(data: object | Buffer): void {
    this.ws!.send(Buffer.isBuffer(data) ? data : JSON.stringify(data))
  }

  /** Where uploads over HTTP go: `<socket URL over http>/upload/`. */
  get uploadUrl(): string {
    return `${this.socketUrl.replace(/^ws/, 'http')}${UPLOAD_PATH}`
  }

  /** Waits for a message that matches (already received ones included, each taken once). */
  async next(match: (m: ServerMessage) => boolean = () => true): Promise<ServerMessage> {
    const deadline = Date.now() + this.timeout
    for (;;) {
      const found = this.pending.findIndex(match)
      if (found >= 0) return this.pending.splice(found, 1)[0]
      if (Date.now() > deadline) throw new Error(`no matching message within ${this.timeout} ms; received ${JSON.stringify(this.messages)}`)
      await new Promise<void>((resolve) => (this.waiters.push(resolve), setTimeout(resolve, 25)))
    }
  }

  private readonly pending: ServerMessage[] = []

  private receive(msg: ServerMessage): void {
    this.messages.push(msg)
    this.pending.push(msg)
    const el = 'id' in msg && msg.id ? this.document.getElementById(msg.id) : null
    if (isRender(msg) && el) this.patch(el, msg)
    else if (msg.t === 'rm') el?.remove()
    else if (msg.t === 'flash') this.$('[reactor-flash]')?.insertAdjacentHTML('beforeend', msg.html)
    this.recorded.take(msg)
    for (const wake of this.waiters.splice(0)) wake()
  }

  /** Applies a render: a diff or whole HTML; children the page shows keep their element. */
  private patch(el: Element, msg: RenderMessage): void {
    const held = el.getAttribute('state') ?? ''
    const tok = msg.tok ?? (msg.s ? patchToken(held, msg.p!, msg.s) : held)
    const html = msg.html ?? (msg.d ? apply(this.texts.get(el.id) ?? '', msg.d) : undefined)
    if (html === undefined) return el.setAttribute('state', tok)
    this.texts.set(el.id, html)
    const fresh = this.fragment(html.replace('state=""', () => `state="${tok}"`)).firstElementChild!
    for (const stub of Array.from(fresh.querySelectorAll(`${ROOT}:not([state])`))) {
      const kept = this.document.getElementById(stub.id)
      if (kept) stub.replaceWith(kept)
    }
    // a stream keeps its items: the render brings only those that changed
    for (const box of Array.from(fresh.querySelectorAll('[\\:stream]'))) {
      const shown = el.querySelector(`[\\:stream="${box.getAttribute(':stream')}"]`)
      if (shown) (stream(shown, box, (item, html) => this.replace(item, html), []), box.replaceWith(shown))
    }
    el.replaceWith(fresh)
  }

  /** Puts the element `html` in place of `el`, and returns it. */
  private replace(el: Element, html: string): Element {
    const fresh = this.fragment(html).firstElementChild!
    el.replaceWith(fresh)
    return fresh
  }

  /** `html` parsed in this page's document. */
  private fragment(html: string): DocumentFragment {
    const holder = this.document.createElement('template') as HTMLTemplateElement
    holder.innerHTML = html
    return holder.content
  }

  close(): void {
    this.ws?.close()
    void this.window.happyDOM.close()
  }
}
