// Pug: compile once, render with the seed's helpers; `component(...)` calls are resolved asynchronously.
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { extname, isAbsolute, resolve } from 'node:path'
import pug from 'pug'
import { templateHelpers } from './helpers.js'
import { recordUnresolved, strictly, unresolved } from './template-names.js'

type Template = (this: unknown, locals: Record<string, unknown>) => string

/** The seed binds events with `@click="..."`; `@` cannot be set by the DOM API, so it becomes `on:click`. */
const eventAttributes = {
  postParse(ast: unknown): unknown {
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return
      if (Array.isArray(node)) return node.forEach(walk)
      const n = node as { type?: string; attrs?: Array<{ name: string }> } & Record<string, unknown>
      if (n.type === 'Tag' && n.attrs) for (const attr of n.attrs) if (attr.name.startsWith('@')) attr.name = `on:${attr.name.slice(1)}`
      for (const [key, value] of Object.entries(n)) if (key !== 'attrs') walk(value)
    }
    walk(ast)
    return ast
  },
}

/**
 * A `script` written in a template carries the nonce of the page it is rendered for (`Scope.nonce`): the one
 * the page's Content-Security-Policy allows. The browser client runs a script a render or a navigation brings
 * only when it carries that nonce, so a `<script>` that came in through text (`!=`) never runs.
 */
const scriptNonces = {
  postParse(ast: unknown): unknown {
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return
      if (Array.isArray(node)) return node.forEach(walk)
      const n = node as { type?: string; name?: string; attrs?: Array<{ name: string; val: string | boolean; mustEscape: boolean }> } & Record<string, unknown>
      if (n.type === 'Tag' && n.name === 'script' && n.attrs) {
        n.attrs = n.attrs.filter((attr) => attr.name !== 'nonce')
        n.attrs.push({ name: 'nonce', val: 'reactorScriptNonce()', mustEscape: true })
      }
      for (const [key, value] of Object.entries(n)) if (key !== 'attrs') walk(value)
    }
    walk(ast)
    return ast
  },
}

/** The nonce of the template being rendered (rendering is synchronous, so one slot serves). */
let nonceNow: string | undefined
const reactorScriptNonce = () => nonceNow

const COMPONENT_OF = Symbol('koa-reactor.component')

/** Marks `error` as thrown while component `name` mounted or rendered; the innermost component keeps the mark. */
export function inComponent(error: unknown, name: string): unknown {
  if (error instanceof Object && !(COMPONENT_OF in error)) Object.defineProperty(error, COMPONENT_OF, { value: name })
  return error
}

/** The component an error was thrown in, when it was marked. */
export function componentOf(error: unknown): string | undefined {
  return error instanceof Object ? (error as { [COMPONENT_OF]?: string })[COMPONENT_OF] : undefined
}

/** How a page places a component: `lazy` mounts it over the socket once the page has joined (features/lazy.ts). */
export interface Placement {
  lazy?: boolean | 'visible'
}

export type ComponentCall = (name: string, props: Record<string, unknown>, placement?: Placement) => Promise<string>

/** The `component()` of the template being rendered (rendering is synchronous, so one slot serves). */
let calling: ((name: string, props?: Record<string, unknown>, placement?: Placement) => string) | undefined

function component(name: string, props?: Record<string, unknown>, placement?: Placement): string {
  if (!calling) throw new Error('koa-reactor: component() can only be called while a template renders')
  return calling(name, props, placement)
}

export interface RendererOptions {
  /** the folders Pug files are looked up in, first match wins */
  views: string | readonly string[]
  /** recompile templates when they change (development) */
  watch?: boolean
  /** collapse whitespace between tags, except inside <pre> and <textarea> (the seed's REACTOR_USE_HMIN) */
  minify?: boolean
  /** development: a name a component's template reads that nothing defines is an error (template-names.ts) */
  strictNames?: boolean
}

export class Renderer {
  private readonly cache = new Map<string, { source: string; fn: Template; mtime: number; code: string }>()
  /** where a `component()` call stands until it resolves: random, so no text in the page can pass for one */
  private readonly mark = `\u0001${randomBytes(12).toString('base64url')}:`
  private readonly marks = new RegExp(`${this.mark}(\\d+)\u0001`, 'g')
  private readonly paths = new Map<string, string>()

  constructor(private readonly options: RendererOptions) {}

  private get folders(): readonly string[] {
    return typeof this.options.views === 'string' ? [this.options.views] : this.options.views
  }

  /** Where `file` is: the first of the folders that has it; a name without an extension is a `.pug` file. */
  path(file: string): string {
    let path = this.paths.get(file)
    if (!path) {
      const name = extname(file) ? file : `${file}.pug`
      const candidates = isAbsolute(name) ? [name] : this.folders.map((folder) => resolve(folder, name))
      path = candidates.find((c) => existsSync(c)) ?? candidates[0]
      this.paths.set(file, path)
    }
    return path
  }

  /** Drops every compiled template: each is read and compiled again at its next render (a file it includes changed). */
  forget(): void {
    this.cache.clear()
  }

  /** The template's source (for versioning) and its compiled function. */
  load(file: string): { source: string; fn: Template; code: string } {
    const path = this.path(file)
    let entry = this.cache.get(path)
    if (entry && this.options.watch && statSync(path).mtimeMs !== entry.mtime) entry = undefined
    if (!entry) {
      let source: string
      try {
        source = readFileSync(path, 'utf8')
      } catch {
        throw new Error(`koa-reactor: template ${file} not found in ${this.folders.join(', ')}; check the \`views\` option and the file name`)
      }
      entry = { source, ...this.compile(source, path), mtime: statSync(path).mtimeMs }
      this.cache.set(path, entry)
    }
    return entry
  }

  /**
   * Compiles with the helpers and `component` as variables of the template's closure, not as locals:
   * a render then allocates nothing to pass them (a template's locals lookup falls back to its scope).
   */
  private compile(source: string, filename: string): { fn: Template; code: string } {
    const { watch, strictNames } = this.options
    const compiled = pug.compileClient(source, {
      filename,
      basedir: this.folders[0],
      doctype: 'html',
      name: 'template',
      compileDebug: Boolean(watch || strictNames),
      plugins: [eventAttributes, scriptNonces],
    } as pug.Options)
    const code = strictNames ? recordUnresolved(compiled) : compiled
    const names = [...Object.keys(templateHelpers), 'component', 'reactorScriptNonce', ...(strictNames ? ['pug_unresolved'] : [])]
    const values = [...Object.values(templateHelpers), component, reactorScriptNonce, ...(strictNames ? [unresolved] : [])]
    return { fn: new Function(...names, `${code}\nreturn template`)(...values), code }
  }

  /**
   * Renders `file` with `this` bound to `self` and the names of `locals` in scope. Each `component(name, props)`
   * call in the template leaves a mark that is replaced by `onComponent`'s HTML once every call has resolved.
   * A template that calls none is rendered at once (a string, no promise: most renders of an event).
   * `component`: the class name of the component rendered (its template's names are checked in development).
   * `nonce`: what the template's `script` tags carry (the page's CSP nonce).
   */
  render(file: string, self: unknown, locals: object, onComponent: ComponentCall, component?: string, nonce?: string): string | Promise<string> {
    const calls: Array<Promise<string>> = []
    const [outer, outerNonce] = [calling, nonceNow]
    calling = (name, props = {}, placement) => {
      calls.push(onComponent(name, props, placement))
      return `${this.mark}${calls.length - 1}\u0001`
    }
    nonceNow = nonce
    let html: string
    try {
      const { fn, code } = this.load(file)
      html = component && this.options.strictNames
        ? strictly(() => fn.call(self, locals as Record<string, unknown>), { component, code, known: () => namesOf(self) })
        : fn.call(self, locals as Record<string, unknown>)
    } finally {
      ;[calling, nonceNow] = [outer, outerNonce]
    }
    return calls.length ? this.withComponents(html, calls) : this.finished(html)
  }

  private async withComponents(html: string, calls: Array<Promise<string>>): Promise<string> {
    const parts = await Promise.all(calls)
    return this.finished(html.replace(this.marks, (_, i: string) => parts[Number(i)]))
  }

  private finished(html: string): string {
    return this.options.minify ? minify(html) : html
  }
}

/** What a component's template can read: its fields, getters and methods, and the helpers. */
function namesOf(self: unknown): string[] {
  const names = [...Object.keys(templateHelpers), 'component']
  for (let o = self; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) names.push(...Object.getOwnPropertyNames(o))
  return names
}

/** Drops whitespace between tags and collapses runs of it, leaving <pre>, <textarea> and <script> as they are. */
export function minify(html: string): string {
  return html
    .split(/(<(pre|textarea|script)\b[\s\S]*?<\/\2>)/i)
    .map((part, i) => (i % 3 === 1 ? part : i % 3 === 2 ? '' : part.replace(/>\s+</g, '><').replace(/\s{2,}/g, ' ')))
    .join('')
}
