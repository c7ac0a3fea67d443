// The dashboard plugin's own work per event, alone (no socket, no render): its `received` hook unmounted (it
// returns at once) and mounted (the hook, the two clock reads, the histogram and the handler's totals), and the
// promise a followed event run gains (`finally`). CPU time; prints JSON. Beside socket-path.ts, whose differences
// this size drown in its noise.
import { dashboard, type DashboardPlugin } from '../src/features/dashboard/index.js'
import { MemoryBus } from '../src/realtime/bus/memory.js'
import type { App } from '../src/koa/plugin.js'
import type { LiveComponent } from '../src/wire/live.js'

const N = Number(process.env.N ?? 2_000_000)
const entry = { name: 'x-counter', handlers: new Map([['inc', {}]]), internal: new Map() }
const live = { claims: { cmp: 'x-counter' }, host: { engine: { registry: { get: () => entry } } } } as unknown as LiveComponent
const plugin = dashboard({ bus: new MemoryBus(), log: console } as unknown as App) as DashboardPlugin
const event = { n: 'inc' }

function nsPer(n: number, work: () => void): number {
  const before = process.cpuUsage()
  for (let i = 0; i < n; i++) work()
  const used = process.cpuUsage(before)
  return Math.round(((used.user + used.system) * 1000) / n)
}

async function nsPerAsync(n: number, work: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage()
  for (let i = 0; i < n; i++) await work()
  const used = process.cpuUsage(before)
  return ((used.user + used.system) * 1000) / n
}

const unmounted = nsPer(N, () => plugin.received!(live, event))
plugin.mount({})
const mounted = nsPer(N, () => plugin.received!(live, event)!())
const run = () => Promise.resolve()
const plain = await nsPerAsync(N / 10, run)
const followed = await nsPerAsync(N / 10, () => run().finally(() => undefined))
console.log(JSON.stringify({ unmounted_ns_per_event: unmounted, mounted_ns_per_event: mounted, finally_ns_per_event: Math.round(followed - plain) }))
