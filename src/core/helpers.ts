// The seed's template filters and tags, as functions every Pug template can call.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c])
}

/** Model records become their primary key, Sets and iterables become lists. */
function toPlain(_key: string, value: unknown): unknown {
  if (value instanceof Set || value instanceof Map) return [...value.values()]
  if (value && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
    const pk = (value as { [PRIMARY_KEY]?: unknown })[PRIMARY_KEY]
    if (pk !== undefined) return pk
  }
  return value
}

/** A record that serialises to its primary key (see `model` in schema for reading it back). */
export const PRIMARY_KEY = Symbol.for('koa-reactor.primaryKey')

/** `tojson`: JSON text (Pug escapes it where you use `=` or an attribute). */
export function tojson(value: unknown, indent?: number): string {
  return JSON.stringify(value, toPlain, indent) ?? 'null'
}

/** `tojson_safe`: JSON that is safe inside a <script> element as it stands (`!=`). */
export function tojsonSafe(value: unknown, indent?: number): string {
  return tojson(value, indent).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** `x|then:'a'`: 'a' when x is truthy, else ''. */
export function then(condition: unknown, text: string): string {
  return condition ? text : ''
}

/** `x|ifnot:'b'`: 'b' when x is falsy, else x itself (so `ifnot(then(x, 'a'), 'b')` chains like the seed). */
export function ifnot<T>(value: T, text: string): T | string {
  return value ? value : text
}

/** `a|eq:b`: 'yes' when equal, else ''. */
export function eq(a: unknown, b: unknown): string {
  return a === b || String(a) === String(b) ? 'yes' : ''
}

/** `{% cond {'hidden': x} %}`: the names whose condition holds, space separated. */
export function cond(conditions: Record<string, unknown>): string {
  return Object.entries(conditions)
    .filter(([, on]) => on)
    .map(([name]) => name)
    .join(' ')
}

export const templateHelpers = { tojson, tojsonSafe, then, ifnot, eq, cond }
