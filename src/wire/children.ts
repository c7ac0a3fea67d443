// Components a render mounts on a socket: the children of a parent's render, and lazy components. Children
// the browser shows already keep their DOM and state.
import { runtime, type Component } from '../core/component.js'
import type { ChildRenderer, Rendered } from '../core/engine.js'
import type { Host } from './host.js'
import { LiveComponent } from './live.js'

/** A component mounted on this socket, rendered and followed; undefined if it is not allowed or destroyed itself. */
export async function start(host: Host, instance: Component): Promise<Rendered | undefined> {
  if (!(await instance.allowed())) return undefined
  const effects = instance[runtime].effects.splice(0)
  if (effects.some((e) => e.kind === 'destroy')) return undefined
  const rendered = await host.engine.render(instance, host.scope, undefined, childrenOn(host))
  const live = LiveComponent.mounted(host, rendered)
  host.roster.add(live)
  live.afterMount(effects)
  return rendered
}

/**
 * Children the browser shows go out as the parent's last render had them (`before`), so that its diff stays
 * empty there (only their root, if it had none). New ones are mounted. `shown` collects each child's HTML.
 */
export function childrenOn(host: Host, shown?: Map<string, string>, before?: Map<string, string>): ChildRenderer {
  return async (name, props, parent) => {
    const id = props.id as string
    const known = host.roster.has(id) && (before?.get(id) ?? host.engine.bareRoot(name, id))
    if (known) return (shown?.set(id, known), known)
    const child = await host.engine.mount(name, props, host.scope, parent.id)
    const html = (await start(host, child))?.html ?? ''
    if (html) shown?.set(id, html)
    return html
  }
}
