// The fields of a form (or of a component) as [name, value] pairs, in page order; the server nests them by the
// seed's rules (src/wire/fields.ts). Fields of nested components, disabled fields and buttons are left out.
// Shared by the browser client (bundled) and the test client (under happy-dom), so both send what a browser does.

/** A component's root element. */
export const ROOT = '[reactor-component]'
/** The elements whose value the user edits. */
export const FIELD = /^(INPUT|SELECT|TEXTAREA)$/

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

export function fields(scope: Element): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = []
  for (const el of scope.querySelectorAll<Field>('[name]')) {
    const name = el.getAttribute('name')!
    const value = el.closest(ROOT) == scope.closest(ROOT) && !el.matches(':disabled') ? valueOf(el, name) : undefined
    if (value !== undefined) out.push([name, value])
  }
  return out
}
