// `field(name)` in a template: a field's errors, and the attributes that tell assistive technology about them.
import type { Component } from '../../core/component.js'
import { slot } from '../../core/plugin.js'
import { FORMS, type FormFields } from './fields.js'

/** What a template shows of a field: `input(name="email")&attributes(field('email').attrs)`. */
export interface Field {
  /** the first error, to show beside the field */
  error?: string
  errors: string[]
  invalid: boolean
  /** the id to give the element that shows the error (`aria-describedby` names it) */
  id: string
  /** `aria-invalid` and `aria-describedby` while the field has an error; none otherwise */
  attrs: { 'aria-invalid'?: 'true'; 'aria-describedby'?: string }
}

/** The errors of field `name` (a path: `person.name`; `tags` holds `tags.1`'s) that its user has used. */
export function fieldOf(instance: Component<unknown>, name: string): Field {
  const fields = slot<FormFields>(instance, FORMS)
  fields?.read?.add(name)
  const errors = Object.entries(fields?.e ?? {}).flatMap(([path, messages]) => (path === name || path.startsWith(`${name}.`) ? messages : []))
  const id = `${instance.id}-${name.replace(/[^\w-]/g, '-')}-error`
  return { error: errors[0], errors, invalid: errors.length > 0, id, attrs: errors.length ? { 'aria-invalid': 'true', 'aria-describedby': id } : {} }
}
