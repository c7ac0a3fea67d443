// Development warnings for the silent traps, each logged once: a field set at mount, or changed by a handler,
// that the token does not carry (it is reset on the next event), a page that renders components without
// `reactorHeader()`, and one served by a server the component socket is not bound to.
import type { Component } from '../../core/component.js'
import { escapeHtml } from '../../core/helpers.js'
import type { Registered } from '../../core/registry.js'
import type { Logger } from '../../wire/errors.js'

/** The fields of an instance that are not declared state, as they were before a handler. */
export type UndeclaredFields = Map<string, unknown>

export class Warnings {
  private readonly given = new Set<string>()

  constructor(private readonly log: Logger) {}

  /** Logs `message` the first time `key` is seen; whether it did. */
  once(key: string, message: string): boolean {
    if (this.given.has(key)) return false
    this.given.add(key)
    this.log.warn(message)
    return true
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

  /** Before a handler runs: what it may change that the token does not carry; `handled` compares after it. */
  beforeHandler(entry: Registered, instance: Component): UndeclaredFields {
    const fields = instance as unknown as Record<string, unknown>
    return new Map(undeclared(entry, instance).map((key) => [key, snapshot(fields[key])]))
  }

  /** The twin of `mounted`: a handler changed a field the token does not carry, so the next event resets it. */
  handled(entry: Registered, instance: Component, handler: string, before: UndeclaredFields): string[] {
    const fields = instance as unknown as Record<string, unknown>
    const changed = undeclared(entry, instance).filter((key) => !before.has(key) || snapshot(fields[key]) !== before.get(key))
    const told = changed.filter((field) =>
      this.once(
        `handled ${entry.name} ${field}`,
        `koa-reactor: ${entry.name}.${handler} changed "${field}", which is not in its static state, so the next event ` +
          `resets it (the token carries only declared state); declare it in static state (${field}: t.…()), ` +
          `or keep it where it lasts (a database, the session) and compute it in a getter`,
      ),
    )
    return told.map((field) => `${entry.name}.${handler} changed "${field}", which is not in static state: the next event resets it. Declare it in static state, or compute it in a getter.`)
  }

  /**
   * After a page render: components in the HTML but no client script means none of them is live; with the
   * script but no server serving the component socket, neither (warned in the log, and on the page, where the
   * development client shows the script's `data-warn` in its overlay).
   */
  rendered(view: string, html: string, socketUrl: string, served: boolean): string {
    if (!html.includes(' reactor-component="')) return html
    if (!html.includes(` data-url="${socketUrl}"`)) {
      this.once(
        `header ${view}`,
        `koa-reactor: page ${view} renders components but never calls reactorHeader(), so none of them is live; ` +
          'add `!= reactorHeader()` to its <head> (or to the layout it extends)',
      )
      return html
    }
    return served ? html : this.unbound(html, view, socketUrl)
  }

  private unbound(html: string, view: string, socketUrl: string): string {
    const warning =
      `koa-reactor: page ${view} renders components, but no server serves the component socket (${socketUrl}), so none of ` +
      'them is live; with a server of your own (http.createServer(app.callback()), HTTPS, one shared with other apps) ' +
      'call reactor.listen(server) once it is made, or start the app with app.listen()'
    this.once('unbound', warning)
    return html.replace(' data-dev></script>', () => ` data-dev data-warn="${escapeHtml(warning)}"></script>`)
  }
}

/** The instance's own data fields that the token does not carry. */
function undeclared(entry: Registered, instance: Component): string[] {
  const fields = instance as unknown as Record<string, unknown>
  return Object.keys(fields).filter((key) => key !== 'id' && !(key in entry.state) && typeof fields[key] !== 'function')
}

function lostFields(entry: Registered, instance: Component): string[] {
  const fresh = new entry.cls() as unknown as Record<string, unknown>
  const fields = instance as unknown as Record<string, unknown>
  return undeclared(entry, instance).filter((key) => !same(fields[key], fresh[key]))
}

/** A value as it is now (an object's contents too, which a handler may change in place). */
function snapshot(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  try {
    return JSON.stringify(value)
  } catch {
    return value // not serialisable (a cycle): compared by identity
  }
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
