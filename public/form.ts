// Serializes the fields of a form (or of a component) into nested arguments, the seed's rules:
// `person.name` -> {person: {name}}, `tags[]` -> a list, `persons[].name` -> [{name}, {name}].
// Fields of nested components, disabled fields and buttons are left out.
import { FORBIDDEN } from '../src/wire/args.js'
import { FIELD, ROOT } from './wire.js'

type Json = Record<string, unknown>
type Field = HTMLInputElement & HTMLSelectElement

/** A field's value; undefined leaves it out. An unchecked box gives false when it has no value, [] for `x[]`. */
function valueOf(el: Field, name: string): unknown {
  const type: string = el.type
  if (el.isContentEditable) return el.hasAttribute(':as-text') ? el.innerText : el.innerHTML
  if (!FIELD.test(el.tagName) || /^(submit|button|reset|image|file)$/.test(type)) return
  if (type == 'select-multiple') return [...el.selectedOptions].map((o) => o.value)
  if (!/^(checkbox|radio)$/.test(type)) return el.value
  if (el.checked) return el.getAttribute('value') ?? true
  if (type == 'checkbox') return name.endsWith('[]') ? [] : el.hasAttribute('value') ? undefined : false
}

/** Puts `value` at `name` (a dotted path) in `into`; `[]` segments collect into lists. */
export function assign(into: Json, name: string, value: unknown): void {
  const [part, ...rest] = name.split('.')
  const key = part.replace(/\[\]$/, '')
  if (FORBIDDEN.test(key)) return
  if (key == part) {
    // a plain name: the value, or an object that holds the rest of the path
    if (rest.length) assign((into[key] ??= {}) as Json, rest.join('.'), value)
    else into[key] = value
    return
  }
  const list = (into[key] ??= []) as unknown[]
  if (!rest.length) return void list.push(...[value].flat())
  // persons[].name: a new item whenever the item in progress already has this field
  let item = list[list.length - 1] as Json | undefined
  if (!item || has(item, rest)) list.push((item = {}))
  assign(item, rest.join('.'), value)
}

function has(node: unknown, path: string[]): boolean {
  return path.every((part) => {
    const key = part.replace(/\[\]$/, '')
    return node instanceof Object && key in node && ((node = (node as Json)[key]), true)
  })
}

export function serialize(scope: Element): Json {
  const out: Json = {}
  for (const el of scope.querySelectorAll<Field>('[name]')) {
    const name = el.getAttribute('name')!
    const value = el.closest(ROOT) == scope.closest(ROOT) && !el.matches(':disabled') ? valueOf(el, name) : undefined
    if (value !== undefined) assign(out, name, value)
  }
  return out
}
