// What a handler (or a mount) asked for, carried out on its socket once its component is rendered: the core's
// kinds here (broadcasts, messages to other components of the page), a capability's by its plugin (`batch` first,
// then each effect in order). Commits run first, before the render (core/effects.ts).
import type { Effect } from '../core/effects.js'
import type { Host } from './host.js'
import type { LiveComponent } from './live.js'
import type { SocketOut } from './plugin.js'

export async function carryOut(host: Host, live: LiveComponent, effects: readonly Effect[]): Promise<void> {
  const plugins = host.options.plugins
  const out: SocketOut = { host, live, carry: {} }
  for (const plugin of plugins?.batch ?? []) plugin.batch!(effects, out)
  for (const effect of effects) {
    const carry = plugins?.effects.get(effect.kind)
    await (carry ? carry(effect, out) : carryOutOne(host, live, effect))
  }
}

async function carryOutOne(host: Host, live: LiveComponent, effect: Effect): Promise<void> {
  switch (effect.kind) {
    case 'broadcast':
      for (const name of effect.names) await host.engine.bus.publish(name)
      return
    case 'send':
    case 'send-parent': {
      const to = effect.kind === 'send' ? effect.to : live.claims.pid
      const target = to ? host.roster.get(to) : undefined
      if (!target) return host.fail('no-such-component', `#${live.id} sent "${effect.name}" to #${to ?? '(no parent)'}, which is not on this page`, live.id, undefined, { component: live.claims.cmp })
      return target.receive({ n: effect.name, a: effect.args, internal: true })
    }
  }
}
