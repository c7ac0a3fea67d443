// Forms as LiveView and Livewire users know them: a handler declared with `form(schema)` runs only with valid
// values; until then each field the user has used shows its errors (`field(name)` in the template), checked as
// they type (`@input.debounce="validate"`) and all at once on submit, where the focus moves to the first
// invalid field. A field's type failure is one of its errors, not a `bad-arguments` in the console: that stays
// for a field the template does not show.
import type { Component } from '../../core/component.js'
import { ask } from '../../core/effects.js'
import { slot } from '../../core/plugin.js'
import { validate, ValidationError, type Issue, type Shape } from '../../core/schema.js'
import type { Feature } from '../../koa/plugin.js'
import type { Event } from '../../wire/event.js'
import type { LiveComponent } from '../../wire/live.js'
import { fieldsOf, firstInvalid, FORMS, showIssues, use, type FormFields } from './fields.js'
import { formEventsOf, type FormEvent } from './form.js'

declare module '../../core/token.js' {
  interface Claims {
    /** forms: the errors the page shows, the fields used, whether a form was submitted */
    fm?: Omit<FormFields, 'read'>
  }
}

/** What a class declares: its form events, and its state fields (a form's values go into those of their names). */
interface Forms {
  events: Map<string, FormEvent>
  state: Shape
}

const isTexts = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string')
const isFields = (v: unknown) => {
  const f = v as FormFields
  return typeof f === 'object' && f !== null && typeof f.e === 'object' && f.e !== null && Object.values(f.e).every(isTexts) && isTexts(f.u) && (f.s === undefined || f.s === 1)
}

/** The issues of `values` against a form's schema (none when they are valid). */
async function issuesOf(schema: FormEvent['schema'], values: Record<string, unknown>, what: string): Promise<ReadonlyArray<Issue>> {
  try {
    await validate(schema, values, what)
    return []
  } catch (error) {
    if (error instanceof ValidationError) return error.issues
    throw error
  }
}

/** After a render: errors the template did not show go to the developer as before (`bad-arguments`), never lost. */
function unshown(live: LiveComponent, fields: FormFields, about: { component: string; handler: string }): void {
  const read = [...(fields.read ?? [])]
  const hidden = Object.entries(fields.e).filter(([path]) => !read.some((name) => path === name || path.startsWith(`${name}.`)))
  if (!hidden.length) return
  const what = hidden.map(([path, messages]) => `${path || 'the form'}: ${messages.join('; ')}`).join('; ')
  const fix = hidden.map(([path]) => `field('${path}')`).join(', ')
  live.host.fail('bad-arguments', `${about.component}.${about.handler} arguments: ${what} (the template shows no ${fix}; show it beside its field)`, live.id, undefined, about)
}

/** The values a form sent for its declared fields go into the state fields of their names whose type takes them:
 * the render shows what the user typed in every field, as LiveView's form params and Livewire's `wire:model` do.
 * No other field: the browser changes no state but the form's. */
function keepValues(instance: Component, state: Shape, form: FormEvent, sent: Record<string, unknown>): void {
  for (const name of form.fields) {
    const result = Object.hasOwn(state, name) && Object.hasOwn(sent, name) ? state[name]['~standard'].validate(sent[name]) : undefined
    if (result && !(result instanceof Promise) && !result.issues) (instance as unknown as Record<string, unknown>)[name] = result.value
  }
}

/** A form's event: its fields used, their errors shown, the focus on the first invalid one after a submit. */
async function answer(live: LiveComponent, instance: Component, event: Event, { state }: Forms, form: FormEvent, issues: ReadonlyArray<Issue>): Promise<void> {
  const fields = fieldsOf(instance)
  const sent = event.a ?? {}
  keepValues(instance, state, form, sent)
  use(fields, sent, form.submit)
  showIssues(fields, issues)
  const focus = form.submit && firstInvalid(fields, sent)
  if (focus) ask(instance, { kind: 'focus', selector: focus })
  fields.read = new Set()
  await live.settle(instance, event.q)
  unshown(live, fields, { component: live.host.engine.entryOf(instance).name, handler: event.n })
}

export const forms: Feature = () => ({
  name: 'forms',
  declare(cls, state): Forms | undefined {
    const events = formEventsOf(cls)
    return events && { events, state }
  },
  claims: { fm: isFields },
  shown: (claims) => claims.fm,
  rebuilt: (_use, instance, claims) => void (claims.fm && Object.assign(fieldsOf(instance), structuredClone(claims.fm))),
  seal(_use, instance, claims) {
    const fields = slot<FormFields>(instance, FORMS)
    if (fields && (fields.u.length || fields.s || Object.keys(fields.e).length)) claims.fm = { e: fields.e, u: fields.u, ...(fields.s && { s: fields.s }) }
    else delete claims.fm
  },
  async checked(use: Forms, live, instance, event, checked) {
    const form = use.events.get(event.n)
    // a submit refused for another reason than its values (a bad message) is answered as before
    if (!form || (form.submit && 'code' in checked && !checked.issues)) return false
    const issues = !form.submit ? await issuesOf(form.schema, event.a ?? {}, `${event.n} arguments`) : 'issues' in checked ? checked.issues! : []
    if (form.submit && !issues.length) {
      // valid: the handler runs, from a fresh form (its `addError` shows what only the server knows)
      keepValues(instance, use.state, form, event.a ?? {})
      Object.assign(fieldsOf(instance), { e: {}, u: [], s: undefined })
      return false
    }
    await answer(live, instance, event, use, form, issues)
    return true
  },
  // a submit's handler found errors (`addError`): the focus goes to the first
  handled({ events }: Forms, instance, handler) {
    const fields = events.get(handler)?.submit ? slot<FormFields>(instance, FORMS) : undefined
    const focus = fields && firstInvalid(fields, {})
    if (focus) ask(instance, { kind: 'focus', selector: focus })
  },
})
