// Streamed handlers: a handler written as an async generator shows its progress. Each step (the code up to a
// `yield`) runs in the app's transaction and is then rendered and sent; the last state is signed as usual.
// A step waits while the browser does not read what was sent (the `bufferedBytes` limit), as messages do.
// The run stops at the next step when the component leaves the page or its socket closes (`this.signal`
// aborts at once, for work that can be interrupted: fetch, timers, child processes).
import type { Feature, Plugin } from '../koa/plugin.js'

export function isSteps(value: unknown): value is AsyncGenerator<unknown, unknown, unknown> {
  const it = value as AsyncGenerator | undefined
  return typeof it?.[Symbol.asyncIterator] === 'function' && typeof it.next === 'function'
}

export interface StepsRun {
  /** wraps each step (the app's transaction) */
  transaction: <T>(work: () => Promise<T>) => Promise<T>
  /** renders and sends what a step left */
  shown: () => Promise<unknown>
  signal: AbortSignal
  /** resolves once the socket's peer has read what was sent (a step waits for a browser that stopped reading) */
  drained: () => Promise<unknown>
}

/** Runs the steps to the end (true), or until `signal` aborts (false: the generator's `finally` blocks run). */
export async function runSteps(steps: AsyncGenerator<unknown, unknown, unknown>, { transaction, shown, signal, drained }: StepsRun): Promise<boolean> {
  for (;;) {
    if (signal.aborted) return (await steps.return(undefined), false)
    await drained()
    if (signal.aborted) return (await steps.return(undefined), false)
    const { done } = await transaction(() => steps.next())
    if (done) return true
    if (signal.aborted) return (await steps.return(undefined), false)
    await shown()
  }
}

/** The capability: a handler's return value that is an async generator runs as steps, each rendered and sent. */
export const stepsPlugin: Plugin = {
  name: 'steps',
  returned: (value, { instance, host, shown }) =>
    isSteps(value) ? runSteps(value, { transaction: host.options.transaction, shown, signal: instance.signal, drained: () => host.drained() }) : undefined,
}

export const steps: Feature = () => stepsPlugin
