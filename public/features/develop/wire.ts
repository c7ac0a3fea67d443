// The wire in development. `reactor.latency(300)` in the console delays every message by 300 ms each way (the
// page's and the server's, each in order), to see the page as on a slow network: loading states, `:disable-with`,
// typing ahead of the answers. `reactor.debug(true)` logs each message with its size. Both last for the tab
// (sessionStorage, as LiveView's enableLatencySim and enableDebug) until `reactor.latency(0)` / `reactor.debug(false)`;
// `<html data-reactor-latency="300">` in a layout sets the latency of its pages. Upload parts sent as bytes are not delayed.

let latency = 0
let debug = false
/** When the last frame each way (0: down, 1: up) is due: a frame never overtakes the one before it. */
const due = [0, 0]

function store(key: string, value: string): void {
  try {
    sessionStorage[key] = value
  } catch {
    // a sandboxed frame has no storage: the setting lasts for the page
  }
}

function stored(key: string): string | undefined {
  try {
    return sessionStorage[key]
  } catch {
    return undefined
  }
}

/** A frame crossing the wire, `up` to the server or down: logged, and passed on after the latency; false: untouched. */
export function relay(frame: string, up: boolean, pass: (frame: string) => void): boolean {
  const now = Date.now()
  if (!latency && !debug && due[+up] <= now) return false
  const at = (due[+up] = Math.max(now + latency, due[+up]))
  const go = () => {
    if (debug) console.log(`reactor ${up ? '↑' : '↓'} ${new Blob([frame]).size} B ${frame}`)
    pass(frame)
  }
  if (at > now) setTimeout(go, at - now)
  else go()
  return true
}

function setLatency(ms?: unknown): number {
  if (ms === undefined) return latency
  if (typeof ms != 'number' || !(ms >= 0)) throw TypeError(`reactor.latency(ms): ms is the delay each way in milliseconds, 0 to stop; not ${String(ms)}`)
  latency = ms
  store('reactorLatency', String(ms))
  console.info(ms ? `reactor: every message is delayed ${ms} ms each way in this tab; reactor.latency(0) stops it` : 'reactor: no latency')
  return latency
}

function setDebug(on?: unknown): boolean {
  if (on === undefined) return debug
  debug = !!on
  store('reactorDebug', debug ? '1' : '')
  return debug
}

export const wire = {
  /** Reads the tab's settings (or the page's `data-reactor-latency`), and says when a latency is on. */
  boot(): void {
    latency = +(stored('reactorLatency') ?? document.documentElement.dataset.reactorLatency ?? 0) || 0
    debug = !!stored('reactorDebug')
    if (latency) console.info(`reactor: every message is delayed ${latency} ms each way; reactor.latency(0) stops it`)
  },
  api: { latency: setLatency, debug: setDebug },
}
