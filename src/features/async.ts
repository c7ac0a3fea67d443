// Async data: `this.async('report', () => loadReport())` in a mount or handler. The component renders at once
// with `this.loading('report')` true; when the work ends it renders again with the result in `this.report`
// (or its error in `this.failed('report')`: its message in development, a generic one in production). During
// the first HTTP render the work is awaited instead.
import { runtime, type Component } from '../core/component.js'

export type Outcome = { value: unknown } | { error: string }

/** Runs the work to its end; an error becomes what the page may show of it (`shown`: Engine.report). */
export function outcomeOf(work: () => unknown, shown: (error: unknown) => string): Promise<Outcome> {
  return Promise.resolve()
    .then(work)
    .then(
      (value) => ({ value }),
      (error) => ({ error: shown(error) }),
    )
}

/** Gives `instance` the outcome of its work `name`: the result in the field, or the error for its render. */
export function settleAsync(instance: Component, name: string, outcome: Outcome): void {
  const rt = instance[runtime]
  rt.loading?.delete(name)
  if ('error' in outcome) (rt.failures ??= new Map()).set(name, outcome.error)
  else (instance as unknown as Record<string, unknown>)[name] = outcome.value
}

declare module '../core/effects.js' {
  interface EffectKinds {
    /** slow work: the component renders at once, and again when it ends */
    async: { kind: 'async'; name: string; work: () => unknown }
  }
}
