// Development: a page rendered by an earlier version of a component's class (the server restarted on a code
// change) rejoins with its state. A field the class still declares keeps the page's value when it fits the new
// declaration; a new field, or one whose value no longer fits, starts from the class's default (the latter said
// once in the log); a field the class dropped is left out. Production keeps its rule: another version's state
// must match the declaration, or the component is refused (`bad-state`).
import type { Registered } from '../../core/registry.js'
import { parseShape, ValidationError } from '../../core/schema.js'
import type { Claims } from '../../core/token.js'
import type { Warnings } from './warnings.js'

export function fitState(entry: Registered, claims: Claims, warnings: Warnings): Claims {
  const given = claims.st
  const defaults = new entry.cls() as unknown as Record<string, unknown>
  const st: Record<string, unknown> = {}
  for (const field of entry.fields) {
    const kept = Object.hasOwn(given, field) && fits(entry, field, given[field])
    if (kept || defaults[field] !== undefined) st[field] = kept ? given[field] : defaults[field]
    if (!kept && Object.hasOwn(given, field)) {
      warnings.once(
        `outdated ${entry.name} ${field}`,
        `koa-reactor: ${entry.name} changed since the open pages were rendered: their "${field}" (${JSON.stringify(given[field])}) ` +
          `does not fit its declaration now, so it starts from its default (${JSON.stringify(defaults[field])}); the other fields kept their values (development only)`,
      )
    }
  }
  return { ...claims, st }
}

function fits(entry: Registered, field: string, value: unknown): boolean {
  try {
    parseShape({ [field]: entry.state[field] }, { [field]: value }, field)
    return true
  } catch (error) {
    if (error instanceof ValidationError) return false
    throw error
  }
}
