// The fields of a form, as the browser sends them (`f`: [name, value] pairs, in page order), nested by the
// seed's rules: `person.name` -> {person: {name}}, `tags[]` -> a list, `persons[].name` -> [{name}, {name}].
// Built here on the server, once for every client, so no name can write through __proto__ and the like.
import { FORBIDDEN } from './args.js'

type Json = Record<string, unknown>

/** The arguments `pairs` make. */
export function nest(pairs: Array<[string, unknown]>): Json {
  const out: Json = {}
  for (const [name, value] of pairs) assign(out, name, value)
  return out
}

/** Puts `value` at `name` (a dotted path) in `into`; `[]` segments collect into lists. */
function assign(into: Json, name: string, value: unknown): void {
  const [part = '', ...rest] = name.split('.')
  const key = bare(part)
  if (FORBIDDEN.test(key)) return
  if (key == part) {
    // a plain name: the value, or an object that holds the rest of the path
    if (!rest.length) into[key] = value
    else if (isObject(slot(into, key, {}))) assign(into[key] as Json, rest.join('.'), value)
    return
  }
  const list = slot(into, key, [])
  if (!Array.isArray(list)) return
  if (!rest.length) return void [value].flat().forEach((v) => list.push(v))
  // persons[].name: a new item whenever the item in progress already has this field
  let item = list[list.length - 1] as Json | undefined
  if (!isObject(item) || has(item, rest)) list.push((item = {}))
  assign(item, rest.join('.'), value)
}

/** What `into` holds at `key` (its own property, never an inherited one), `init` when nothing yet. */
function slot(into: Json, key: string, init: unknown): unknown {
  return Object.hasOwn(into, key) ? into[key] : (into[key] = init)
}

/** A JSON object (not null, not a list). */
export const isObject = (v: unknown): v is Json => typeof v == 'object' && v !== null && !Array.isArray(v)

/** A path segment's key: `tags[]` is `tags`. */
const bare = (part: string) => part.replace(/\[\]$/, '')

function has(node: unknown, path: string[]): boolean {
  return path.every((part) => isObject(node) && Object.hasOwn(node, bare(part)) && ((node = node[bare(part)]), true))
}
