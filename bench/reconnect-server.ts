// A node of the reconnect benchmark: the example's counter (bench/counter-server.ts) on PORT, with
// RECONNECT_WINDOW as its `reconnectWindowMs`, a long accept queue, and no heartbeat drops. SIGTERM shuts it
// down as a deploy does: the reactor's own handler (no handler of the app's).
import { counterApp } from './counter-server.js'

const { app } = counterApp({ reconnectWindowMs: Number(process.env.RECONNECT_WINDOW ?? 5000), heartbeatMs: 3_600_000 })
app.listen(Number(process.env.PORT), '127.0.0.1', 4096)
