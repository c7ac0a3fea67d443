// `reactor.dashboard()`: the dashboard's page, a route handler the app mounts behind its own auth. Until it is
// called, nothing of the dashboard exists: no component, no route, no counting.
import type { Middleware } from 'koa'
import { fileURLToPath } from 'node:url'
import type { Reactor } from '../../koa/reactor.js'
import { ReactorDashboard } from './component.js'
import type { DashboardOptions, DashboardPlugin } from './index.js'

const PAGE = fileURLToPath(new URL('page.pug', import.meta.url))

export function mountDashboard(reactor: Reactor, options: DashboardOptions = {}): Middleware {
  const plugin = reactor.plugins.find((p) => p.name === 'dashboard') as DashboardPlugin | undefined
  if (!plugin) throw new Error('koa-reactor: this Reactor has no dashboard capability; make it with `new Reactor()` from koa-reactor')
  plugin.mount(options)
  if (!reactor.registry.get(ReactorDashboard.tag)) reactor.register(ReactorDashboard)
  const title = options.title ?? 'koa-reactor dashboard'
  return async (ctx) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return void ctx.throw(405, 'the dashboard answers GET only')
    const user = reactor.options.user ? await reactor.options.user(ctx) : ctx.state.user
    if (!(await plugin.allows(user))) return void ctx.throw(403, 'the dashboard is not available to this user')
    ctx.set('Cache-Control', 'no-store')
    await reactor.render(ctx, PAGE, { title })
  }
}
