// Development warnings for the silent traps, each logged once: a field set at mount that the token does not
// carry (it is gone after the first event), and a page that renders components without `reactorHeader()`.
import type { Component } from '../core/component.js'
import type { MountWatch } from '../core/engine.js'
import type { Registered } from '../core/registry.js'
import type { Logger } from '../wire/host.js'

export class Warnings implements MountWatch {
  private readonly given = new Set<string>()

  constructor(private readonly log: Logger) {}

  /** Logs `message` the first time `key` is seen. */
  once(key: string, message: string): void {
    if (this.given.has(key)) return
    this.given.add(key)
    this.log.warn(message)
  }

  /** After a mount: the fields that differ from a new instance's but are not declared state will not survive. */
  mounted(entry: Registered, instance: Component): void {
    for (const field of lostFields(entry, instance)) {
      this.once(
        `field ${entry.name} ${field}`,
        `koa-reactor: ${entry.name} got "${field}" at mount (a prop, or set by mount) but "${field}" is not in its static state, ` +
          `so it is gone after the first event (the token carries only declared state); declare it in static state, ` +
          `or compute it in a getter`,
      )
    }
  }

  /** After a page render: components in the HTML but no client script means none of them is live. */
  rendered(view: string, html: string, headed: boolean): void {
    if (headed || !html.includes(' reactor-component="')) return
    this.once(
      `header ${view}`,
      `koa-reactor: page ${view} renders components but never calls reactorHeader(), so none of them is live; ` +
        'add `!= reactorHeader()` to its <head> (or to the layout it extends)',
    )
  }
}

function lostFields(entry: Registered, instance: Component): string[] {
  const fresh = new entry.cls() as unknown as Record<string, unknown>
  const fields = instance as unknown as Record<string, unknown>
  return Object.keys(fields).filter(
    (key) => key !== 'id' && !(key in entry.state) && typeof fields[key] !== 'function' && !same(fields[key], fresh[key]),
  )
}

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  try {
    return JSON.stringify(a) === JSON.stringify(b)
  } catch {
    return true // not comparable (a cycle): say nothing rather than something wrong
  }
}
