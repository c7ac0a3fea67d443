// Component classes by tag name, each with the version of its code.
import { createHash } from 'node:crypto'
import { readdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { handlersOf, isComponentClass, lineage, stateOf, type ComponentClass, type HandlerArgs } from './component.js'
import { declareClaims } from './claims.js'
import { aroundOf, hookLists, usesOf, type Around, type HookLists, type ModelHooks, type Use } from './plugin.js'
import type { Shape } from './schema.js'

/** The seed's rule: XCounter -> x-counter, XTodoList -> x-todo-list. */
export function tagName(className: string): string {
  return className.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z])([A-Z][a-z])/g, '$1-$2').toLowerCase()
}

export interface Registered {
  readonly name: string
  readonly cls: ComponentClass
  readonly state: Shape
  /** the names of the state fields (read on every seal) */
  readonly fields: readonly string[]
  readonly handlers: Map<string, HandlerArgs>
  /** handlers only `send` and `sendParent` reach */
  readonly internal: Map<string, HandlerArgs>
  /** changes whenever the class or its template changes; tokens of another version are re-mounted */
  version: string
  /** the capabilities the class declares something for, in the list's order */
  readonly uses: readonly Use[]
  /** by hook name, the uses whose plugin has that hook (a class that uses no capability has none) */
  readonly hooks: HookLists<any>
}

export class Registry {
  private readonly byName = new Map<string, Registered>()
  private readonly byClass = new Map<ComponentClass, Registered>()
  /** the owner of each claim a capability writes */
  readonly claimOwners = new Map<string, ModelHooks>()
  /** the capabilities no class declares, with their claims: a token that carries one rebuilds that capability's state */
  readonly claimFollowers: { readonly plugin: ModelHooks; readonly claims: readonly string[] }[] = []
  /** the capabilities by name (a component's runtime slots are named so) */
  readonly named = new Map<string, ModelHooks>()
  /** the plugins' `around`, nested; undefined when none has one (read at each moment) */
  readonly around?: Around

  /** `plugins`: the capabilities, in order (features/index.ts has the default list). */
  constructor(readonly plugins: readonly ModelHooks[] = []) {
    this.around = aroundOf(plugins)
    for (const plugin of plugins) {
      if (this.named.has(plugin.name)) throw new Error(`koa-reactor: two plugins are named "${plugin.name}"; give each its own name`)
      this.named.set(plugin.name, plugin)
      if (!plugin.claims) continue
      declareClaims(plugin.name, plugin.claims)
      const claims = Object.keys(plugin.claims)
      for (const claim of claims) this.claimOwners.set(claim, plugin)
      if (!plugin.declare && plugin.rebuilt) this.claimFollowers.push({ plugin, claims })
    }
  }

  register(cls: ComponentClass, name = cls.tag ?? tagName(cls.name)): Registered {
    if (!isComponentClass(cls)) throw new TypeError(`${(cls as { name?: string }).name} must extend Component from koa-reactor`)
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(name)) {
      throw new Error(`koa-reactor: "${name}" (from ${cls.name}) is not a valid component name: it needs a hyphen, like x-counter. ` +
        'Name the class with two capitalised words (XCounter) or set `static tag`.')
    }
    const existing = this.byName.get(name)
    if (existing && existing.cls !== cls) throw new Error(`koa-reactor: two components are named "${name}" (${existing.cls.name} and ${cls.name})`)
    if (!cls.template) throw new Error(`koa-reactor: ${cls.name} has no template; set \`static template = '${name}.pug'\``)
    const state = stateOf(cls)
    const handlers = handlersOf(cls)
    const internal = handlersOf(cls, 'internal')
    const both = [...internal.keys()].find((handler) => handlers.has(handler))
    if (both) throw new Error(`koa-reactor: ${cls.name} declares "${both}" in both handlers and internal; keep it in one (internal: only the server may call it)`)
    const uses = usesOf(this.plugins, cls, state)
    const entry: Registered = { name, cls, state, fields: Object.keys(state), handlers, internal, version: versionOf(cls, ''), uses, hooks: hookLists(uses) }
    this.byName.set(name, entry)
    this.byClass.set(cls, entry)
    return entry
  }

  get(name: unknown): Registered | undefined {
    return typeof name === 'string' ? this.byName.get(name) : undefined
  }

  of(cls: ComponentClass): Registered {
    const entry = this.byClass.get(cls)
    if (!entry) throw new Error(`koa-reactor: ${cls.name} is not registered; pass it in the \`components\` option`)
    return entry
  }

  get all(): Registered[] {
    return [...this.byName.values()]
  }

  /** Imports every module of `folder` (recursively) and registers the Component classes they export. */
  async autoload(folder: string): Promise<Registered[]> {
    const found: Registered[] = []
    for (const file of await modulesIn(resolve(folder))) {
      const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>
      for (const value of Object.values(module)) {
        if (isComponentClass(value) && value.template) found.push(this.byClass.get(value) ?? this.register(value))
      }
    }
    return found
  }
}

async function modulesIn(folder: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) out.push(...(await modulesIn(path)))
    else if (/\.(ts|js|mjs)$/.test(entry.name) && !/\.d\.ts$/.test(entry.name)) out.push(path)
  }
  return out.sort()
}

export function versionOf(cls: ComponentClass, templateSource: string): string {
  const hash = createHash('sha256')
  for (const c of lineage(cls)) hash.update(String(c))
  return hash.update(templateSource).digest('base64url').slice(0, 6)
}
