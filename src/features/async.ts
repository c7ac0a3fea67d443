// Async data: `this.async('report', () => loadReport())` in a mount or handler. The component renders at once
// with `this.loading('report')` true; when the work ends it renders again with the result in `this.report`
// (or its error in `this.failed('report')`: its message in development, a generic one in production). During
// the first HTTP render the work is awaited instead.
import type { Component } from '../core/component.js'
import { ask } from '../core/effects.js'
import { slot } from '../core/plugin.js'
import type { Feature } from '../koa/plugin.js'

export type Outcome = { value: unknown } | { error: string }

/** A component's work under way and work that failed, by name (a runtime slot: most components start none). */
interface Pending {
  readonly loading: Set<string>
  /** the error message of work that failed, for the render that follows it */
  readonly failures: Map<string, string>
}

const SLOT = 'async'
const pending = (instance: Component<unknown>): Pending => slot(instance, SLOT, () => ({ loading: new Set(), failures: new Map() }))

/** Starts the work `name`: the component shows it loading until its outcome comes. */
export function startAsync(instance: Component<unknown>, name: string, work: () => unknown): void {
  pending(instance).loading.add(name)
  ask(instance, { kind: 'async', name, work })
}

export function isLoading(instance: Component<unknown>, name: string): boolean {
  return slot<Pending>(instance, SLOT)?.loading.has(name) ?? false
}

export function failureOf(instance: Component<unknown>, name: string): string | undefined {
  return slot<Pending>(instance, SLOT)?.failures.get(name)
}

/** Runs the work to its end; an error becomes what the page may show of it (`shown`: Engine.report). */
function outcomeOf(work: () => unknown, shown: (error: unknown) => string): Promise<Outcome> {
  return Promise.resolve()
    .then(work)
    .then(
      (value) => ({ value }),
      (error) => ({ error: shown(error) }),
    )
}

/** Gives `instance` the outcome of its work `name`: the result in the field, or the error for its render. */
function settleAsync(instance: Component, name: string, outcome: Outcome): void {
  const state = slot<Pending>(instance, SLOT)
  state?.loading.delete(name)
  if ('error' in outcome) pending(instance).failures.set(name, outcome.error)
  else (instance as unknown as Record<string, unknown>)[name] = outcome.value
}

/** The capability: on a socket the component renders now and again when the work ends (a later turn of its
 * queue); during the first HTTP render the work is awaited (the page is complete). */
export const asyncWork: Feature = (app) => {
  const shown = (component: string) => (error: unknown) => app.engine.report('async-failed', error, component)
  return {
    name: SLOT,
    effects: {
      async: ({ name, work }, { live }) => {
        live.later(outcomeOf(work, shown(live.claims.cmp)), (instance, outcome) => settleAsync(instance, name, outcome))
      },
    },
    page: {
      effects: {
        async: async ({ name, work }, { instance }) => {
          settleAsync(instance, name, await outcomeOf(work, shown(app.engine.entryOf(instance).name)))
        },
      },
    },
  }
}

declare module '../core/effects.js' {
  interface EffectKinds {
    /** slow work: the component renders at once, and again when it ends */
    async: { kind: 'async'; name: string; work: () => unknown }
  }
}
