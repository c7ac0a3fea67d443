// The effect vocabulary: what a handler (or a mount) asks for, carried out once it returned, on the socket by
// wire/effects.ts and during a page request by koa/page.ts. The core's kinds are here; a capability adds its own
// to `EffectKinds` (TypeScript module augmentation) and carries them out through its plugin's `effects`.
import { runtime, type Component } from './component.js'

/** Each effect kind with its fields. A capability adds its kinds: `declare module '.../core/effects.js'`. */
export interface EffectKinds {
  /** runs after the handler's work is committed (the app's transaction) */
  commit: { kind: 'commit'; fn: () => unknown }
  destroy: { kind: 'destroy' }
  send: { kind: 'send'; name: string; args: Record<string, unknown>; to: string }
  'send-parent': { kind: 'send-parent'; name: string; args: Record<string, unknown> }
  broadcast: { kind: 'broadcast'; names: string[] }
}

/** What a handler may ask the page to do: the core's kinds and every capability's. */
export type Effect = EffectKinds[keyof EffectKinds]

/** A plugin's carriers, by the kinds it carries out: each gets its kind's effect, and where it goes (`out`). */
export type Carriers<Out> = { [K in keyof EffectKinds]?: (effect: EffectKinds[K], out: Out) => void | Promise<void> }

/** Adds an effect for the socket (or the page render) to carry out once the handler returned. */
export function ask(instance: Component<unknown>, effect: Effect): void {
  instance[runtime].effects.push(effect)
}

/** Runs the `commit` effects, in order: before the render, after the app's transaction. */
export async function commit(effects: readonly Effect[]): Promise<void> {
  for (const effect of effects) if (effect.kind === 'commit') await effect.fn()
}
