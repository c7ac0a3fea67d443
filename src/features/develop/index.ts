// Development: the warnings for the silent traps (a field the token does not carry, set at mount or changed by a
// handler; a page without `reactorHeader()`; a page no socket server serves), the error page for a page whose
// render failed, and the state of a page rendered by an earlier version of a class (outdated.ts). Set up only when
// `app.development`: in production the plugin has no hooks, so no class runs any of its code.
import type { Feature } from '../../koa/plugin.js'
import type { ServerMessage } from '../../wire/protocol.js'
import { fitState } from './outdated.js'
import { showErrorPage } from './page.js'
import { Warnings, type UndeclaredFields } from './warnings.js'

export const develop: Feature = (app) => {
  if (!app.development) return { name: 'develop' }
  const warnings = new Warnings(app.log)
  return {
    name: 'develop',
    // every class: any of them may set a field its token does not carry
    declare: () => true,
    mounted: (_, instance) => warnings.mounted(app.engine.entryOf(instance), instance),
    // a page from before a restart on a code change rejoins with the state that still fits the class
    outdated: (_, claims) => fitState(app.engine.entry(claims.cmp), claims, warnings),
    handling: (_, instance) => warnings.beforeHandler(app.engine.entryOf(instance), instance),
    handled(_, instance, handler, before): ServerMessage[] {
      const entry = app.engine.entryOf(instance)
      const dev = { component: entry.name, handler }
      return warnings.handled(entry, instance, handler, before as UndeclaredFields).map((msg) => ({ t: 'warn', id: instance.id, code: 'undeclared-state', msg, dev }))
    },
    page: {
      done: (page, html) => warnings.rendered(page.view, html, app.socketUrl, app.socketServed),
      failed: (page, error) => (showErrorPage(page.ctx, page.view, error, app.log), true),
    },
  }
}
