// The browser session every token is bound to: a random id in an HttpOnly cookie.
import { randomBytes } from 'node:crypto'
import type { Context } from 'koa'

export const SESSION_COOKIE = 'rx_sid'

/** The session id of this request, set as a cookie first when the browser has none. */
export function ensureSession(ctx: Context): string {
  const existing = sessionOf(ctx)
  if (existing) return existing
  const id = randomBytes(16).toString('base64url')
  ctx.cookies.set(SESSION_COOKIE, id, { httpOnly: true, sameSite: 'lax', path: '/', secure: ctx.secure, overwrite: true })
  // later reads in this request (a page render) see it too
  ctx.state.reactorSession = id
  return id
}

/** The session id the browser sent, or '' (a socket without one can join nothing). */
export function sessionOf(ctx: Context): string {
  const id = (ctx.state?.reactorSession as string | undefined) ?? ctx.cookies.get(SESSION_COOKIE) ?? ''
  return /^[\w-]{16,64}$/.test(id) ? id : ''
}

/** A page's CSP nonce, as the app set it (`ctx.state.cspNonce`) or as a socket's page sent it (`?nonce=`). */
export const scriptNonce = (value: unknown): string | undefined => (typeof value === 'string' && value ? value.slice(0, 200) : undefined)
