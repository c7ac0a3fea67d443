// Reconnecting without a storm: the wait before each attempt is random within the window (src/wire/reconnect.ts):
// the server's `reconnectWindowMs` (the script's data-reconnect), or the one a node that shuts down sent with its
// close (code 1012). Back online, or a hidden tab shown again, a page reconnects at once.
import { DEV_RECONNECT_WINDOW_MS, reconnectDelay, RECONNECT_WINDOW_MS, RESTARTING } from '../../src/wire/reconnect.js'
import { me } from './wire.js'

/** The wait before reconnect attempt `tries`, after the socket closed with `e`. */
export const backoff = (tries: number, e: CloseEvent): number =>
  reconnectDelay(tries, (e.code == RESTARTING && +e.reason) || +(me.dataset.reconnect ?? (__DEV__ ? DEV_RECONNECT_WINDOW_MS : RECONNECT_WINDOW_MS)))

/** `again` (which reconnects if the socket is down) runs when a hidden tab is shown again. */
export const onShown = (again: () => void): void => document.addEventListener('visibilitychange', () => document.hidden || again())
