// An event: what it asks for, and the handler it may call with its arguments checked.
import type { Registered } from '../core/registry.js'
import { validate, ValidationError, type Issue } from '../core/schema.js'

/** An event to run: the browser's (with its sequence number q) or another component's `send`. */
export interface Event {
  n: string
  a?: Record<string, unknown>
  q?: number
  /** re-sent after a reconnect: its answer may have been lost */
  r?: 1
  /** sent by a component of the page (`send`, `sendParent`), not the browser: internal handlers are reachable */
  internal?: true
}

/** The handler's arguments, or why the event may not run (`issues`: the arguments' failures, by path). */
export type Checked = { args: Record<string, unknown> } | { code: string; msg: string; issues?: ReadonlyArray<Issue> }

const refused = (error: unknown): Checked => ({ code: 'bad-arguments', msg: (error as Error).message, ...(error instanceof ValidationError && { issues: error.issues }) })

/** The handler an event may call, with its arguments checked against the declaration; or the error to answer.
 * A promise only when the declaration is an async Standard Schema. */
export function checkedCall(entry: Registered, { n, a = {}, internal }: Event): Checked | Promise<Checked> {
  const declared = entry.handlers.get(n) ?? (internal ? entry.internal.get(n) : undefined)
  if (!declared) {
    const why = entry.internal.has(n) ? `.${n} is internal: only components of the page reach it (send, sendParent)` : ` has no handler "${n}"; declare it in static handlers`
    return { code: 'not-a-handler', msg: `${entry.name}${why}` }
  }
  try {
    const args = validate(declared, a, `${entry.name}.${n} arguments`)
    return args instanceof Promise ? args.then((valid) => ({ args: valid }), refused) : { args }
  } catch (error) {
    return refused(error)
  }
}
