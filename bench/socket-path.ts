// The server's own cost of a counter event, without the network (see socket-driver.ts). Prints JSON.
// DASHBOARD=1: with the live dashboard mounted (its stats plugin then times and counts every event).
import { XCounter } from '../example/components/counter.js'
import { Reactor } from '../src/index.js'
import { socketPath } from './socket-driver.js'

const N = Number(process.env.N ?? 20_000)
// in production, as the driver's socket is: development's checks run on every event
const reactor = new Reactor({ secret: 'bench-secret-0123456789abcdef', views: 'example/views', components: [XCounter], watch: false, development: false })
if (process.env.DASHBOARD === '1') reactor.dashboard()
const cost = await socketPath(reactor, 'x-counter', 'inc', N)
console.log(JSON.stringify({ socket_path_us_per_event: cost.us_per_event, socket_path_cpu_us_per_event: cost.cpu_us_per_event }))
