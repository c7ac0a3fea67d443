// What a component's forms show: the errors of the fields the user has used (LiveView's `used_input?`), and the
// fields used. A field is used once an event sent it a value (typed into, chosen, checked), or the form was
// submitted; a field never touched shows no error. Kept in the component's slot, and in its token (claim `fm`).
import type { Component } from '../../core/component.js'
import { slot } from '../../core/plugin.js'
import type { Issue } from '../../core/schema.js'

/** A component's forms: errors by field path (`person.name`), the paths used, `s`: a form was submitted. */
export interface FormFields {
  e: Record<string, string[]>
  u: string[]
  s?: 1
  /** the fields the template showed during the render (`field(name)`): not in the token */
  read?: Set<string>
}

// what the token may carry, whatever a form sends or a schema says
const MAX_FIELDS = 50
const MAX_PATH = 200
const MAX_MESSAGES = 3
const MAX_MESSAGE = 200

/** The slot's name (the plugin's). */
export const FORMS = 'forms'

/** The fields' state of `instance` (made when it has none). */
export const fieldsOf = (instance: Component<unknown>): FormFields => slot(instance, FORMS, (): FormFields => ({ e: {}, u: [] }))

/** Whether a path is `field` or one of its parts, or holds it: `person` covers `person.name`. */
export const covers = (a: string, b: string) => a === b || b.startsWith(`${a}.`) || a.startsWith(`${b}.`)

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || v === false || (Array.isArray(v) && v.length === 0)

/** The leaves of a form's values, by path in page order (a list of plain values is one leaf), with their values. */
export function leaves(value: unknown, path = ''): Array<[string, unknown]> {
  const nested = typeof value === 'object' && value !== null && !(Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null))
  if (!nested) return [[path, value]]
  return Object.entries(value).flatMap(([key, v]) => leaves(v, path ? `${path}.${key}` : key))
}

/** Records the fields an event sent a value to as used (all of them when it is the form's submit). */
export function use(fields: FormFields, sent: Record<string, unknown>, submit: boolean): void {
  if (submit) fields.s = 1
  for (const [path, value] of leaves(sent)) if (!isEmpty(value)) markUsed(fields, path)
}

const shows = (fields: FormFields, path: string) => fields.s === 1 || fields.u.some((used) => covers(used, path))

/** The errors of `issues` by field path, only those of used fields. */
export function showIssues(fields: FormFields, issues: ReadonlyArray<Issue>): void {
  fields.e = {}
  for (const issue of issues) {
    const path = (issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.')
    if (shows(fields, path)) addError(fields, path, issue.message)
  }
}

function markUsed(fields: FormFields, path: string): void {
  if (!fields.u.includes(path) && fields.u.length < MAX_FIELDS && path.length <= MAX_PATH) fields.u.push(path)
}

export function addError(fields: FormFields, path: string, message: string): void {
  if (path.length > MAX_PATH) return
  const messages = fields.e[path] ?? (Object.keys(fields.e).length < MAX_FIELDS ? (fields.e[path] = []) : undefined)
  if (messages && messages.length < MAX_MESSAGES) messages.push(String(message).slice(0, MAX_MESSAGE))
  if (!shows(fields, path)) markUsed(fields, path)
}

/** The first field with an error, in the page's order of the fields sent (else the errors' order): its selector. */
export function firstInvalid(fields: FormFields, sent: Record<string, unknown>): string | undefined {
  const paths = Object.keys(fields.e)
  const first = leaves(sent).find(([path]) => paths.some((p) => covers(p, path)))?.[0] ?? paths[0]
  if (first === undefined) return undefined
  // a path's field name: `persons.0.name` is `persons[].name`; a list of values is `tags[]`
  const name = first.replace(/\.\d+(?=\.|$)/g, '[]')
  return [name, `${name}[]`].map((n) => `[name=${JSON.stringify(n)}]`).join(',')
}
