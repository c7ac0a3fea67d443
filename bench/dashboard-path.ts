// The counter's socket path (socket-driver.ts) on two Reactors in one process, one with the dashboard mounted,
// alternated round by round (each goes first in turn): CPU µs per event of each, and their ratio per round.
// Separate processes measured at a load of 10 or more differ by more than the dashboard costs. Prints JSON.
import { XCounter } from '../example/components/counter.js'
import { Reactor } from '../src/index.js'
import { socketPath } from './socket-driver.js'

const N = Number(process.env.N ?? 30_000)
const ROUNDS = Number(process.env.ROUNDS ?? 6)
const make = () => new Reactor({ secret: 'bench-secret-0123456789abcdef', views: 'example/views', components: [XCounter], watch: false })
const plain = make()
const mounted = make()
mounted.dashboard()
for (const reactor of [plain, mounted]) await socketPath(reactor, 'x-counter', 'inc', 5000) // warm-up
const rounds: Array<{ unmounted: number; mounted: number; ratio: number }> = []
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 ? [plain, mounted] : [mounted, plain]
  const costs = new Map<Reactor, number>()
  for (const reactor of order) costs.set(reactor, (await socketPath(reactor, 'x-counter', 'inc', N)).cpu_us_per_event)
  const [u, m] = [costs.get(plain)!, costs.get(mounted)!]
  rounds.push({ unmounted: u, mounted: m, ratio: Math.round((m / u) * 100) / 100 })
}
const ratios = rounds.map((r) => r.ratio).sort((a, b) => a - b)
console.log(JSON.stringify({ dashboard_path_rounds: rounds, dashboard_path_ratio_median: ratios[Math.floor(ratios.length / 2)] }))
