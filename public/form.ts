// Serializes the fields of a form (or of a component) into nested arguments, the seed's rules:
// `person.name` -> {person: {name}}, `tags[]` -> a list, `persons[].name` -> [{name}, {name}].
// Fields of nested components are left out. Unchecked checkboxes and radios are omitted.

type Json = Record<string, unknown>

const COMPONENT = '[reactor-component]'

function valueOf(el: Element): unknown {
  if (el instanceof HTMLInputElement) {
    if (el.type === 'checkbox' || el.type === 'radio') return el.checked ? el.getAttribute('value') ?? true : undefined
    return el.value
  }
  if (el instanceof HTMLSelectElement && el.multiple) return Array.from(el.selectedOptions, (o) => o.value)
  if (el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) return el.value
  if ((el as HTMLElement).isContentEditable) return el.hasAttribute(':as-text') ? (el as HTMLElement).innerText : el.innerHTML
  return el.getAttribute('value') ?? undefined
}

/** Puts `value` at `path` (split on dots) in `into`; `[]` segments collect into lists. */
export function assign(into: Json, name: string, value: unknown): void {
  const parts = name.split('.')
  let node = into
  for (let i = 0; i < parts.length; i++) {
    const many = parts[i].endsWith('[]')
    const key = many ? parts[i].slice(0, -2) : parts[i]
    if (/^(__proto__|constructor|prototype)$/.test(key)) return
    const last = i === parts.length - 1
    if (!many) {
      if (last) node[key] = value
      else node = (node[key] ??= {}) as Json
      continue
    }
    const list = (node[key] ??= []) as unknown[]
    if (last) {
      list.push(...(Array.isArray(value) ? value : [value]))
      return
    }
    // persons[].name: a new item whenever the item in progress already has this field
    const rest = parts.slice(i + 1).join('.')
    let item = list[list.length - 1] as Json | undefined
    if (!item || has(item, rest)) list.push((item = {}))
    return assign(item, rest, value)
  }
}

function has(node: Json, path: string): boolean {
  let at: unknown = node
  for (const part of path.replace(/\[\]/g, '').split('.')) {
    if (typeof at !== 'object' || at === null || !(part in at)) return false
    at = (at as Json)[part]
  }
  return true
}

export function serialize(scope: Element): Json {
  const out: Json = {}
  const owner = scope.closest(COMPONENT)
  for (const el of Array.from(scope.querySelectorAll('[name]'))) {
    if (el.closest(COMPONENT) !== owner || (el as HTMLInputElement).disabled) continue
    const value = valueOf(el)
    if (value !== undefined) assign(out, el.getAttribute('name')!, value)
  }
  return out
}
