// `form(schema)`: a handler that submits a form. Its arguments' failures become errors on the form's fields, shown
// by `field(name)` in the template, and an event named like `validate` checks the form as the user fills it in.
import { handlersOf, type ComponentClass, type HandlerArgs } from '../../core/component.js'
import type { Infer, Shape, StandardSchema } from '../../core/schema.js'

const FORM = Symbol('koa-reactor.form')

export interface FormOptions {
  /** the event that checks the form as the user fills it in, without submitting it (default `validate`) */
  validate?: string
}

/** A form's events: the handler that submits it, and the one that checks it (both with the form's schema). */
export interface FormEvent {
  handler: string
  schema: HandlerArgs
  submit: boolean
  /** the names of the form's fields, as far as its schema says (a shape's keys, zod's `shape`, valibot's `entries`) */
  fields: string[]
}

interface Marked {
  validate: string
  fields: string[]
}

/** The top-level field names a schema declares, when it says them. */
function namesOf(schema: Shape | StandardSchema): string[] {
  if (!('~standard' in schema)) return Object.keys(schema)
  const { shape, entries } = schema as { shape?: unknown; entries?: unknown }
  const declared = shape ?? entries
  return typeof declared === 'object' && declared !== null ? Object.keys(declared) : []
}

/**
 * Declares a handler as a form's submit: `static handlers = { save: form({ email: t.string().refine(...) }) }`, or
 * with any Standard Schema (`form(z.object({...}))`). The handler runs only with valid values; until then the
 * user sees each field's errors (`field('email')`), and `@input.debounce="validate"` checks the form as they type.
 */
export function form<S extends Shape>(schema: S, options?: FormOptions): S
export function form<S extends StandardSchema<Record<string, unknown>>>(schema: S, options?: FormOptions): StandardSchema<Infer<S>>
export function form(schema: Shape | StandardSchema, { validate = 'validate' }: FormOptions = {}): Shape | StandardSchema {
  const marked = '~standard' in schema ? { '~standard': (schema as StandardSchema)['~standard'] } : { ...schema }
  Object.defineProperty(marked, FORM, { value: { validate, fields: namesOf(schema) } satisfies Marked })
  return marked
}

/** The form events of `cls` by name, or undefined when it declares no form. Throws when two events collide. */
export function formEventsOf(cls: ComponentClass): Map<string, FormEvent> | undefined {
  const events = new Map<string, FormEvent>()
  const handlers = handlersOf(cls)
  for (const [handler, schema] of handlers) {
    const { validate, fields } = (schema as { [FORM]?: Marked })[FORM] ?? {}
    if (validate === undefined || !fields) continue
    const taken = handlers.has(validate) || handlersOf(cls, 'internal').has(validate) ? `declares a handler "${validate}"` : events.has(validate) ? `has another form that validates on "${validate}"` : ''
    if (taken) throw new Error(`koa-reactor: ${cls.name} ${taken}, and the form of ${handler} validates on it; name its event: form(schema, { validate: '${handler}Check' })`)
    events.set(handler, { handler, schema, submit: true, fields })
    events.set(validate, { handler, schema, submit: false, fields })
  }
  return events.size ? events : undefined
}
