// Reconnecting without a storm (shared with the browser client). When a node goes away, each of its pages waits
// a random time in [0, window) before it reconnects ("full jitter"), so that the nodes left see that node's
// sockets arrive spread over the window, not all at once; a page that fails again waits up to twice as long
// each time, up to 10 s (or the window, when longer).

/** the window reconnects are spread over, by default: 5 s (1 s in development, where one node restarts often) */
export const RECONNECT_WINDOW_MS = 5000
export const DEV_RECONNECT_WINDOW_MS = 1000

/** The close code of a node that shuts down (RFC 6455's 1012, "service restart"); its reason is the window in ms. */
export const RESTARTING = 1012

/** The wait before reconnect attempt `tries` (0 first), in ms: random in [0, window × 2^tries), at most max(window, 10 s). */
export const reconnectDelay = (tries: number, windowMs: number): number => Math.random() * Math.min(windowMs * 2 ** tries, Math.max(windowMs, 1e4))
