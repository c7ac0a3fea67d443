// The connection's state on <html>, for the app's CSS: `reactor-connected` while the socket is open,
// `reactor-disconnected` while it is down (on the roots too), and `reactor-offline` while the browser itself has
// no network; back online, the socket tries again at once instead of waiting out its backoff.
import type { Feature } from '../core/feature.js'
import { reconnect } from '../core/socket.js'
import { roots } from '../core/wire.js'

const html = document.documentElement
const offline = () => html.classList.toggle('reactor-offline', !navigator.onLine)

export const status: Feature = {
  boot() {
    offline()
    addEventListener('offline', offline)
    addEventListener('online', () => (offline(), reconnect()))
  },
  connected(on) {
    html.classList.toggle('reactor-connected', on)
    html.classList.toggle('reactor-disconnected', !on)
    roots().forEach((el) => el.classList.toggle('reactor-disconnected', !on))
    offline()
  },
}
