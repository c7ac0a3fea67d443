// The test client for apps built with koa-reactor (the seed's `reactor()` communicator, made nicer):
// load a page over HTTP, join its components over a real WebSocket, send events, and query the live HTML
// with CSS selectors. Needs the `happy-dom` package (a dev dependency of your app).
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Window } from 'happy-dom'
import WebSocket from 'ws'
import { parseArgs } from './wire/args.js'
import { stream } from './features/stream-dom.js'
import { apply, patchToken } from './core/diff.js'
import { isRender, type RenderMessage, type ServerMessage } from './wire/protocol.js'
import { TestUpload, type TestFile } from './testing-upload.js'
import { UPLOAD_PATH } from './features/uploads/parts.js'

export type { TestFile } from './testing-upload.js'
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
  const page = new LivePage(res.status, res.headers.get('location'), await res.text(), options.timeout ?? 3000, cookie)
  if (res.status < 300) await page.connect(url.replace(/^http/, 'ws') + (options.socketPath ?? '/__reactor__'), cookie)
  return page
}

export class LivePage {
  private readonly window = new Window()
  readonly document = this.window.document as unknown as Document
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
  ) {
    this.document.write(html)
  }

  async connect(socketUrl: string, cookie: string): Promise<void> {
    this.socketUrl = socketUrl
    const ws = (this.ws = new WebSocket(socketUrl, { headers: { cookie } }))
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)))
    ws.on('message', (data) => this.receive(JSON.parse(data.toString())))
    const c = this.$$('[reactor-component]').map((el) => ({ id: el.id, tok: el.getAttribute('state') }))
    ws.send(JSON.stringify({ t: 'join', p: Math.random().toString(36).slice(2), c }))
  }

  $(selector: string): Element | null {
    return this.document.querySelector(selector)
  }

  $$(selector: string): Element[] {
    return Array.from(this.document.querySelectorAll(selector))
  }

  /** The trimmed text of the first element matching `selector`, or undefined. */
  text(selector: string): string | undefined {
    return this.$(selector)?.textContent?.trim()
  }

  /** The component root that holds the element matching `target` (or is it). */
  component(target: string | Element): Element {
    const el = typeof target === 'string' ? this.$(target) : target
    const root = el?.closest('[reactor-component]')
    if (!root) throw new Error(`no component holds ${String(target)}`)
    return root
  }

  /** Sends handler `name` with `args` to the component holding `target`; resolves with the server's answer. */
  async send(target: string | Element, name: string, args: Record<string, unknown> = {}): Promise<ServerMessage> {
    const { id } = this.component(target)
    const q = (this.seqs.get(id) ?? 0) + 1
    this.seqs.set(id, q)
    this.ws!.send(JSON.stringify({ t: 'ev', id, n: name, a: args, q }))
    return this.next((m) => 'id' in m && m.id === id && 'q' in m && m.q === q)
  }

  /** Fires the `on:<event>` binding of the element matching `selector`, as a browser would. */
  async fire(selector: string, event = 'click'): Promise<ServerMessage> {
    const el = this.$(selector)
    const binding = el && Array.from(el.attributes).find((a) => a.name === `on:${event}` || a.name.startsWith(`on:${event}.`))
    if (!el || !binding) throw new Error(`${selector} has no on:${event} binding`)
    const [name, ...rest] = binding.value.split(' ')
    return this.send(el, name, rest.length ? parseArgs(rest.join(' '), el, { type: event }) : {})
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
    for (const wake of this.waiters.splice(0)) wake()
  }

  /** Applies a render: a diff or whole HTML; children the page shows keep their element. */
  private patch(el: Element, msg: RenderMessage): void {
    const held = el.getAttribute('state') ?? ''
    const tok = msg.tok ?? (msg.s ? patchToken(held, msg.p!, msg.s) : held)
    const html = msg.html ?? (msg.d ? apply(this.texts.get(el.id) ?? '', msg.d) : undefined)
    if (html === undefined) return el.setAttribute('state', tok)
    this.texts.set(el.id, html)
    const holder = this.document.createElement('template') as HTMLTemplateElement
    holder.innerHTML = html.replace('state=""', () => `state="${tok}"`)
    const fresh = holder.content.firstElementChild!
    for (const stub of Array.from(fresh.querySelectorAll('[reactor-component]:not([state])'))) {
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
    const holder = this.document.createElement('template') as HTMLTemplateElement
    holder.innerHTML = html
    const fresh = holder.content.firstElementChild!
    el.replaceWith(fresh)
    return fresh
  }

  close(): void {
    this.ws?.close()
    void this.window.happyDOM.close()
  }
}
