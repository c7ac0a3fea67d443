// The Origin check of the socket's upgrade and of uploads over HTTP: browsers send cookies with a cross-site
// WebSocket or PUT, so a request from another site's page is refused unless its origin is listed.
import type { IncomingMessage } from 'node:http'

export class Origins {
  private readonly listed: Set<string>

  constructor(listed: readonly string[] = []) {
    this.listed = new Set(listed)
  }

  /** A listed Origin, or the page's own: the same scheme, host and port as the request. */
  allowed(origin: string, req: IncomingMessage, secure: boolean): boolean {
    if (this.listed.has(origin)) return true
    // behind a proxy that ends TLS, the scheme the browser used is in X-Forwarded-Proto
    const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim()
    const scheme = /^https?$/.test(forwarded) ? forwarded : secure ? 'https' : 'http'
    try {
      return new URL(origin).origin === new URL(`${scheme}://${req.headers.host}`).origin
    } catch {
      return false
    }
  }
}
