// What a handler (or a mount) asked for, carried out once its component is rendered: navigation, focus,
// broadcasts and messages to other components of the page. Commits run first, before the render.
import type { Effect } from '../core/component.js'
import type { Host } from './host.js'
import type { LiveComponent } from './live.js'

export async function commit(effects: Effect[]): Promise<void> {
  for (const effect of effects) if (effect.kind === 'commit') await effect.fn()
}

export async function carryOut(host: Host, live: LiveComponent, effects: Effect[]): Promise<void> {
  for (const effect of effects) await carryOutOne(host, live, effect)
}

async function carryOutOne(host: Host, live: LiveComponent, effect: Effect): Promise<void> {
  switch (effect.kind) {
    case 'visit':
      return host.send({ t: 'visit', url: effect.url, action: effect.action })
    case 'redirect':
      return host.send({ t: 'visit', url: effect.url, action: 'redirect' })
    case 'focus':
      return host.send({ t: 'focus', id: live.id, sel: effect.selector })
    case 'broadcast':
      for (const name of effect.names) await host.engine.bus.publish(name)
      return
    case 'send':
    case 'send-parent': {
      const to = effect.kind === 'send' ? effect.to : live.claims.pid
      const target = to ? host.roster.get(to) : undefined
      if (!target) return host.fail('no-such-component', `#${live.id} sent "${effect.name}" to #${to ?? '(no parent)'}, which is not on this page`, live.id, undefined, { component: live.claims.cmp })
      return target.receive({ n: effect.name, a: effect.args })
    }
  }
}
