// The arguments of an event binding, `set_to {amount: 0, text: this.value}`, read without eval (CSP-safe).
// An object literal: JSON, plus 'single quotes', unquoted keys, and reads of `this.<path>` (the element)
// or `event.<path>` (the DOM event); `__proto__`, `constructor` and `prototype` are refused.

export const FORBIDDEN = /^(__proto__|constructor|prototype)$/

const TOKEN = /"(?:\\.|[^\\"])*"|'((?:\\.|[^\\'])*)'|\d+(?:\.\d+)?(?:e[+-]?\d+)?|([A-Za-z_$][\w$]*(?:\.[\w$]+)*)(\s*:)?/gi

export function parseArgs(source: string, self: unknown, event: unknown): Record<string, unknown> {
  const fail = (): never => {
    throw SyntaxError(`reactor: bad arguments ${source}`)
  }
  const json = source.replace(TOKEN, (all, quoted?: string, name?: string, colon?: string) => {
    if (quoted != null) return JSON.stringify(quoted.replace(/\\(.)/g, '$1'))
    if (!name) return all
    if (colon) return name.includes('.') ? fail() : JSON.stringify(name) + colon
    if (/^(true|false|null)$/.test(name)) return name
    const [from, ...path] = name.split('.')
    let value = from == 'this' ? self : from == 'event' ? event : fail()
    for (const key of path) value = FORBIDDEN.test(key) ? fail() : (value as Record<string, unknown> | null)?.[key]
    return JSON.stringify(value) ?? 'null'
  })
  let out
  try {
    out = JSON.parse(json, (key, value) => (FORBIDDEN.test(key) ? undefined : value))
  } catch {}
  return out?.constructor == Object ? out : fail()
}
