// The dashboard capability: this node's numbers, through the socket's hooks, and the cluster's through the bus.
// Until `reactor.dashboard()` mounts it, every hook returns at once: no timing, no counting, nothing on the bus.
import { hostname } from 'node:os'
import type { Bus } from '../../realtime/bus/bus.js'
import type { Feature, Plugin } from '../../koa/plugin.js'
import type { LiveComponent } from '../../wire/live.js'
import { ClusterStats, WATCHED } from './cluster.js'
import { NodeStats } from './stats.js'
import { viewOf, type DashboardView } from './view.js'

export const DASHBOARD = 'reactor-dashboard'

export interface DashboardOptions {
  /**
   * Who may use the dashboard, checked on the page and before every refresh over the socket, with the user the
   * Reactor's `user` option finds (default `ctx.state.user`). Default: whoever reaches the route it is mounted on.
   */
  allowed?(user: any): boolean | Promise<boolean>
  /** this node's name on the dashboard; default the host name and process id */
  node?: string
  /** a node whose numbers are older than this drops off the dashboard; default 5000 ms */
  staleMs?: number
  /** the page's title; default "koa-reactor dashboard" */
  title?: string
}

/** The dashboard's plugin, as the Reactor holds it. */
export interface DashboardPlugin extends Plugin {
  /** Starts counting (once) and keeps `options`; `reactor.dashboard()` calls it. */
  mount(options: DashboardOptions): void
  /** What the dashboard shows now: every node's numbers. */
  view(): Promise<DashboardView>
  allows(user: unknown): boolean | Promise<boolean>
}

const names = new Set<string>()

/** A name no other Reactor of this process took: host-pid, then host-pid-2 for a second Reactor. */
function nodeName(wanted: string | undefined): string {
  const base = wanted ?? `${hostname()}-${process.pid}`
  let name = base
  for (let i = 2; names.has(name); i++) name = `${base}-${i}`
  names.add(name)
  return name
}

export const dashboard: Feature = (app): DashboardPlugin => {
  let stats: NodeStats | undefined
  let cluster: ClusterStats | undefined
  let options: DashboardOptions = {}
  return {
    name: 'dashboard',
    opened: (host) => void stats?.hosts.add(host),
    closed: (host) => void stats?.hosts.delete(host),
    failed: (failure) => stats?.failed(failure.code),
    received(live: LiveComponent, event) {
      // the dashboard's own refreshes are not the app's traffic
      if (!stats || live.claims.cmp === DASHBOARD) return undefined
      const counted = stats
      const started = performance.now()
      return () => counted.record(handlerName(live, event.n), performance.now() - started)
    },
    mount(given) {
      options = given
      if (stats) return
      const node = nodeName(given.node)
      const counted = (stats = new NodeStats())
      countBroadcasts(app.bus, counted)
      cluster = new ClusterStats(app.bus, () => counted.snapshot(node), node, given.staleMs ?? 5000, app.log)
      cluster.start()
    },
    async view() {
      return viewOf(await cluster!.nodes())
    },
    allows(user) {
      return options.allowed ? options.allowed(user) : true
    },
    async close() {
      await cluster?.close()
    },
  }
}

/** `component.handler`, when the component declares that handler (the browser names it: a name it made up is not kept). */
function handlerName(live: LiveComponent, handler: string): string | undefined {
  const entry = live.host.engine.registry.get(live.claims.cmp)
  return entry && (entry.handlers.has(handler) || entry.internal.has(handler)) ? `${entry.name}.${handler}` : undefined
}

/** Counts what this node publishes and what reaches its listeners (the dashboard's own name aside). */
function countBroadcasts(bus: Bus, stats: NodeStats): void {
  const publish = bus.publish.bind(bus)
  bus.publish = (name) => {
    if (name !== WATCHED) stats.published++
    return publish(name)
  }
  const channels = bus.channels
  if (!channels) return
  const deliver = channels.deliver.bind(channels)
  channels.deliver = (name, catchingUp) => {
    if (name !== WATCHED && !catchingUp) stats.received++
    deliver(name, catchingUp)
  }
}
