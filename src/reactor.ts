// The Reactor apps make: the Koa side (koa/reactor.ts) with the built-in capabilities (features/index.ts).
import type { Middleware } from 'koa'
import type { ComponentClass } from './core/component.js'
import type { DashboardOptions } from './features/dashboard/index.js'
import { mountDashboard } from './features/dashboard/mount.js'
import { features } from './features/index.js'
import { Reactor as Bare, type ReactorOptions } from './koa/reactor.js'

/** `Components`: the classes of the `components` option, whose handler declarations are checked against their methods. */
export class Reactor<const Components extends readonly ComponentClass[] = readonly ComponentClass[]> extends Bare<Components> {
  constructor(options: ReactorOptions<Components> = {}) {
    super(options, features)
  }

  /**
   * The live dashboard of this node and of the cluster (sockets, components, events per second, p50/p99 event
   * time, errors by code, the slowest handlers): a route handler to mount behind your own auth, such as
   * `router.get('/admin/dashboard', onlyAdmins, reactor.dashboard())`. Nothing is counted or served until it is
   * called; call it at start-up (each node of a cluster, so that every node reports).
   */
  dashboard(options: DashboardOptions = {}): Middleware {
    return mountDashboard(this, options)
  }
}
