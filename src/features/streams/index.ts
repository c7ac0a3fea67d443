// Streams: a collection the browser keeps (a chat log, a feed) that never enters the state or the token.
// A handler inserts, deletes or resets items; the render carries only those items, and the container's
// `:ops` attribute tells the client where each goes (`at`), how many to keep (`limit`), what to remove. No class
// declares it: a component that opens a stream (or whose template reads `streams`) takes it up in its runtime's
// `streams` slot, and only then does its render get the operations written.
import type { Component } from '../../core/component.js'
import { escapeHtml } from '../../core/helpers.js'
import { slot } from '../../core/plugin.js'
import type { Feature } from '../../koa/plugin.js'

export interface StreamOptions<T> {
  /** the DOM id of an item; default `<stream name>-<item.id>` */
  domId?: (item: T) => string
}

export interface InsertOptions {
  /** where a new item goes: -1 the end (default), 0 the start, n before the n-th; given for an existing item, it moves */
  at?: number
  /** items the browser keeps after the insert: -500 the last 500 (trims the start), 500 the first 500 (trims the end) */
  limit?: number
}

/** What the client applies to the container: inserts `[id, at?, limit?]`, deleted ids, and a reset first. */
interface Ops {
  r?: 1
  d?: string[]
  i?: Array<[string, (number | null)?, number?]>
}

const NAME = /^[A-Za-z][\w-]*$/

export class Stream<T = object> {
  /** the items this render carries, by DOM id, in order: what `each item, id in streams.<name>` walks */
  readonly items: Record<string, T> = Object.create(null)
  private readonly ops: Ops = {}
  private readonly domId: (item: T) => string

  constructor(readonly name: string, options: StreamOptions<T> = {}) {
    if (!NAME.test(name)) throw new Error(`koa-reactor: stream name ${JSON.stringify(name)} must be a letter followed by letters, digits, _ or -`)
    this.domId = options.domId ?? ((item) => `${name}-${String((item as { id?: unknown }).id)}`)
  }

  /** Adds `item` (or updates the one with its DOM id, in place unless `at` is given). */
  insert(item: T, { at, limit }: InsertOptions = {}): this {
    const id = this.domId(item)
    if (!id || /\s/.test(id)) throw new Error(`koa-reactor: stream ${this.name}: an item's DOM id must be a non-empty word, got ${JSON.stringify(id)}`)
    if (at !== undefined && !Number.isInteger(at)) throw new Error(`koa-reactor: stream ${this.name}: \`at\` must be an integer, got ${at}`)
    if (limit !== undefined && (!Number.isInteger(limit) || limit === 0)) throw new Error(`koa-reactor: stream ${this.name}: \`limit\` must be a non-zero integer, got ${limit}`)
    delete this.items[id]
    this.items[id] = item
    const insert: [string, (number | null)?, number?] = limit !== undefined ? [id, at ?? null, limit] : at !== undefined ? [id, at] : [id]
    ;(this.ops.i ??= []).push(insert)
    return this
  }

  /** Removes `item` from the browser. */
  delete(item: T): this {
    return this.deleteId(this.domId(item))
  }

  /** Removes the item with DOM id `id` from the browser. */
  deleteId(id: string): this {
    delete this.items[id]
    if (this.ops.i) this.ops.i = this.ops.i.filter(([insert]) => insert !== id)
    ;(this.ops.d ??= []).push(id)
    return this
  }

  /** Replaces every item the browser shows with `items`. */
  reset(items: Iterable<T> = [], options: InsertOptions = {}): this {
    for (const id of Object.keys(this.items)) delete this.items[id]
    this.ops.r = 1
    delete this.ops.i
    delete this.ops.d
    for (const item of items) this.insert(item, options)
    return this
  }

  /** Writes this render's operations onto the container (the element with `:stream="<name>"`). */
  mark(html: string): string {
    if (!this.ops.r && !this.ops.d && !this.ops.i) return html
    const attribute = ` :stream="${this.name}"`
    return html.replace(attribute, () => `${attribute} :ops="${escapeHtml(JSON.stringify(this.ops))}"`)
  }
}

/** The streams a component opened during one handler (or mount) and its render. */
export class Streams {
  private readonly opened = new Map<string, Stream<unknown>>()
  /** what templates read: `streams.<name>` is the items of that stream this render carries (none by default) */
  readonly view: Record<string, Record<string, unknown>> = new Proxy(Object.create(null), {
    get: (_, name) => (typeof name === 'string' ? this.open(name).items : undefined),
  })

  open<T>(name: string, options?: StreamOptions<T>): Stream<T> {
    let stream = this.opened.get(name) as Stream<T> | undefined
    if (!stream) this.opened.set(name, (stream = new Stream<T>(name, options)) as unknown as Stream<unknown>)
    return stream
  }

  mark(html: string): string {
    for (const stream of this.opened.values()) html = stream.mark(html)
    return html
  }
}

/** The streams of `instance`, taken up on first use. */
export function streamsOf(instance: Component<unknown>): Streams {
  return slot(instance as Component, 'streams', () => new Streams())
}

export const streams: Feature = () => ({
  name: 'streams',
  html: (_use, instance, html) => slot<Streams>(instance, 'streams')?.mark(html) ?? html,
})
