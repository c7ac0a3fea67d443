// Parses the arguments of an event binding, `set_to {amount: 0}`, without eval (CSP-safe).
// Values: numbers, 'strings' or "strings", true, false, null, [lists], {objects}, and reads of
// `this.<prop>...` (the element) or `event.<prop>...` (the DOM event), for example `{text: this.value}`.

export interface Scope {
  this: unknown
  event: unknown
}

const FORBIDDEN = /^(__proto__|constructor|prototype)$/

export function parseArgs(source: string, scope: Scope): Record<string, unknown> {
  let at = 0
  const fail = (what: string): never => {
    throw new SyntaxError(`reactor: ${what} at ${at} in ${JSON.stringify(source)}`)
  }
  const space = () => {
    while (/\s/.test(source[at] ?? '')) at++
  }
  const eat = (char: string) => {
    space()
    if (source[at] !== char) fail(`expected ${char}`)
    at++
  }
  const word = (): string => {
    space()
    const match = /^[A-Za-z_$][\w$]*/.exec(source.slice(at))
    if (!match) fail('expected a name')
    at += match![0].length
    return match![0]
  }
  const string = (): string => {
    const quote = source[at++]
    let out = ''
    while (source[at] !== quote) {
      if (at >= source.length) fail('unterminated string')
      if (source[at] === '\\') at++
      out += source[at++]
    }
    at++
    return out
  }
  const list = <T>(close: string, item: () => T): T[] => {
    const items: T[] = []
    space()
    while (source[at] !== close) {
      items.push(item())
      space()
      if (source[at] === ',') at++
      else if (source[at] !== close) fail(`expected , or ${close}`)
      space()
    }
    at++
    return items
  }
  const value = (): unknown => {
    space()
    const c = source[at]
    if (c === '{') {
      at++
      const out: Record<string, unknown> = {}
      for (const [k, v] of list('}', () => {
        space()
        const key = source[at] === '"' || source[at] === "'" ? string() : word()
        eat(':')
        return [key, value()] as const
      })) {
        if (FORBIDDEN.test(k)) fail(`the key ${k} is not allowed`)
        out[k] = v
      }
      return out
    }
    if (c === '[') {
      at++
      return list(']', value)
    }
    if (c === '"' || c === "'") return string()
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(source.slice(at))
    if (number) {
      at += number[0].length
      return Number(number[0])
    }
    const name = word()
    if (name === 'true' || name === 'false') return name === 'true'
    if (name === 'null') return null
    if (name !== 'this' && name !== 'event') fail(`unknown name ${name} (use this.<prop> or event.<prop>)`)
    let target: unknown = scope[name as keyof Scope]
    while (source[at] === '.') {
      at++
      const prop = word()
      if (FORBIDDEN.test(prop)) fail(`the property ${prop} is not allowed`)
      target = target == null ? undefined : (target as Record<string, unknown>)[prop]
    }
    return target
  }
  const out = value()
  space()
  if (at < source.length) fail('unexpected text')
  if (typeof out !== 'object' || out === null || Array.isArray(out)) fail('arguments must be an {object}')
  return out as Record<string, unknown>
}
