// The connection's state on <html>, for the app's CSS: `reactor-connected` while the socket is open,
// `reactor-disconnected` while it is down, and `reactor-offline` while the browser itself has no network.
const html = document.documentElement

/** Shows whether the socket is open; the roots keep their own `reactor-disconnected` class too. */
export function connected(on: boolean, roots: Element[]): void {
  html.classList.toggle('reactor-connected', on)
  html.classList.toggle('reactor-disconnected', !on)
  roots.forEach((el) => el.classList.toggle('reactor-disconnected', !on))
  offline()
}

const offline = () => html.classList.toggle('reactor-offline', !navigator.onLine)

/** Follows the browser's network; back online, `reconnect` tries the socket at once instead of waiting out its backoff. */
export function followNetwork(reconnect: () => void): void {
  offline()
  addEventListener('offline', offline)
  addEventListener('online', () => (offline(), reconnect()))
}
