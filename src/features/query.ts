// State in the URL: `static query = { showing: 'filter' }` keeps the field `showing` in the page's query
// string as `filter` (`{ param: 'filter', push: true }` adds a history entry instead of replacing it).
// The URL's value is read at mount, validated with the field's type; a handler that changes it moves the URL.
import type { Component, ComponentClass } from '../core/component.js'
import { tagName } from '../core/registry.js'
import { parseShape, type Shape } from '../core/schema.js'
import type { Feature, Plugin } from '../koa/plugin.js'
import type { ServerMessage } from '../wire/protocol.js'

export type QueryDeclaration = Record<string, string | { param: string; push?: boolean }>

declare module '../core/component.js' {
  // (the same type parameters as the interface it adds to)
  interface ComponentClass<C extends Component = Component> {
    /** state fields kept in the page's query string: field -> parameter */
    query?: QueryDeclaration
  }
}

/** What the URL's values are read against: a registered component (or its class, as the plugin declares it). */
export interface QueryUse {
  readonly name: string
  readonly cls: ComponentClass
  readonly state: Shape
}

interface Param {
  field: string
  param: string
  push: boolean
}

function paramsOf(entry: QueryUse): Param[] {
  const declared = (entry.cls as { query?: QueryDeclaration }).query ?? {}
  return Object.entries(declared).map(([field, d]) => {
    if (!(field in entry.state)) throw new Error(`${entry.name}: static query names "${field}", which is not in static state; declare it there`)
    return typeof d === 'string' ? { field, param: d, push: false } : { field, param: d.param, push: Boolean(d.push) }
  })
}

/** The declared fields the URL's query gives a value of the field's type (a value of another type is left out). */
export function fromQuery(entry: QueryUse, query: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const { field, param } of paramsOf(entry)) {
    if (query[param] === undefined) continue
    try {
      Object.assign(out, parseShape({ [field]: entry.state[field] }, { [field]: query[param] }, param))
    } catch {}
  }
  return out
}

const asParam = (value: unknown) => (Array.isArray(value) ? value.map(String) : String(value))

/**
 * The URL's move after a render: the declared fields whose value changed, as query parameters (null drops
 * one: its field is back to the class's default value); undefined when none changed.
 */
export function queryMove(entry: QueryUse, before: Record<string, unknown>, after: Record<string, unknown>): ServerMessage | undefined {
  const params = paramsOf(entry).filter(({ field }) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
  if (!params.length) return undefined
  const fresh = new entry.cls() as unknown as Record<string, unknown>
  const set = Object.fromEntries(params.map(({ field, param }) => [param, JSON.stringify(after[field]) === JSON.stringify(fresh[field]) ? null : asParam(after[field])]))
  return { t: 'url', set, ...(params.some((p) => p.push) ? { push: 1 as const } : {}) }
}

/** The capability: a class with `static query` reads the page's URL at mount (the URL's values win over the
 * props), and moves it after a handler's render. A wrong declaration is refused at registration. */
export const queryPlugin: Plugin<QueryUse> = {
  name: 'query',
  declare: (cls, state) => {
    if (!cls.query) return undefined
    const use = { name: cls.tag ?? tagName(cls.name), cls, state }
    paramsOf(use)
    return use
  },
  props: (use, props, scope) => ({ ...props, ...fromQuery(use, scope.query ?? {}) }),
  settled: (use, _live, before, after) => queryMove(use, before, after),
}

export const query: Feature = () => queryPlugin as Plugin
