// Flash messages: `this.flash('info', 'Saved')` from a handler or a page render, shown by `!= flash()` in the
// layout. Shown at once over the socket; carried to the next page by a `visit` or `redirect` (or an HTTP
// redirect) in a signed, session-bound, short-lived cookie, read once: no server-side store.
import { randomBytes } from 'node:crypto'
import { noticeFor } from '../wire/errors.js'
import type { Context } from 'koa'
import type { Effect } from '../core/effects.js'
import { escapeHtml } from '../core/helpers.js'
import type { KeyRing } from '../core/keys.js'
import { openTicket, signTicket } from '../core/tickets.js'
import type { Feature, PageScope } from '../koa/plugin.js'

export const FLASH_COOKIE = 'rx_flash'
/**
 * Where `flash()` stands in a page until its components (which may flash) have rendered: random per render,
 * so no text a user typed into the page can pass for it.
 */
const flashMark = (): string => `\u0002reactor-flash-${randomBytes(12).toString('base64url')}\u0002`
/** a ticket of this name is no component's: it cannot be taken for a state token */
const TICKET = { kind: 'reactor-flash' }
const MAX_MESSAGES = 5
const MAX_TEXT = 500
/** seconds the carried messages wait for the next page */
const CARRY_TTL = 120

export type Flash = [level: string, text: string]

/** A level is a word (it becomes a class); the text is bounded. */
export function flashOf(level: string, text: string): Flash {
  return [/^[\w-]{1,20}$/.test(level) ? level : 'info', String(text).slice(0, MAX_TEXT)]
}

/** The messages as the layout shows them: each with a button that dismisses it. */
export function flashHtml(messages: Flash[]): string {
  return messages
    .map(([level, text]) => `<p class="flash flash-${level}">${escapeHtml(text)}<button type="button" class="flash-close" aria-label="Dismiss">×</button></p>`)
    .join('')
}

/** The messages for the next page, signed for this browser session (the last MAX_MESSAGES). */
export function sealFlash(ring: KeyRing, session: string, messages: Flash[]): string {
  return signTicket(ring, TICKET, session, CARRY_TTL, () => ({ m: messages.slice(-MAX_MESSAGES) }))
}

/** The messages the browser brought to this page render (in the cookie); a forged or stale cookie brings none. */
function carriedFlash(ctx: Context, ring: KeyRing, scope: { session: string }): Flash[] {
  const token = ctx.cookies.get(FLASH_COOKIE)
  if (!token) return []
  try {
    const st = openTicket(ring, token, TICKET, scope.session).state
    return (Array.isArray(st.m) ? st.m : []).map((m: unknown) => flashOf(...((Array.isArray(m) ? m : []) as Flash)))
  } catch {
    return []
  }
}

/**
 * After a page render: the messages go in the page where its layout calls `flash()` (the cookie is then
 * spent), or in the cookie when the response redirects. A page without `flash()` leaves the cookie for the next.
 * (`scope.session` is read only when a cookie is signed or checked: pages without either set no session cookie.)
 */
function finishFlash(ctx: Context, ring: KeyRing, scope: { session: string }, page: { html: string; mark: string }, carried: Flash[]): string {
  const messages = [...carried, ...pageFlashes(ctx)]
  const redirecting = ctx.status >= 300 && ctx.status < 400
  const [before, ...after] = page.html.split(page.mark)
  const shown = !redirecting && after.length > 0
  if (redirecting && messages.length) ctx.cookies.set(FLASH_COOKIE, sealFlash(ring, scope.session, messages), { path: '/', sameSite: 'lax', httpOnly: true, overwrite: true })
  else if (shown && ctx.cookies.get(FLASH_COOKIE)) ctx.cookies.set(FLASH_COOKIE, '', { path: '/', maxAge: 0, overwrite: true })
  if (!after.length) return before
  // the first `flash()` of the layout holds the messages (a second shows nothing); no text is a replacement pattern
  return `${before}<div class="reactor-flash" reactor-flash role="status">${shown ? flashHtml(messages) : ''}</div>${after.join('')}`
}

/** The messages a page's components flashed while it rendered. */
export const pageFlashes = (ctx: Context): Flash[] => (ctx.state.reactorFlash ??= [])

declare module '../core/effects.js' {
  interface EffectKinds {
    flash: { kind: 'flash'; level: string; text: string }
  }
}

const isNavigation = (effect: Effect): boolean => effect.kind === 'visit' || effect.kind === 'redirect'

/** What a page request keeps for flash: where `flash()` stands, and the messages the browser brought. */
interface PageFlash {
  mark: string
  carried: Flash[]
}

/** The capability: a handler's messages are shown at once, or carried signed by its navigation (the visit's `f`);
 * a page request shows the carried and its components' messages where the layout calls `flash()`. */
export const flash: Feature = (app) => ({
  name: 'flash',
  batch(effects, out) {
    const messages = effects.flatMap((e) => (e.kind === 'flash' ? [flashOf(e.level, e.text)] : []))
    if (!messages.length) return
    if (effects.some(isNavigation)) out.carry.f = sealFlash(app.engine.ring, out.host.scope.session, messages)
    else out.host.send({ t: 'flash', html: flashHtml(messages) })
  },
  // a handler or a render that failed: the `errorNotice` option's text, shown as an error message
  failed(failure, host) {
    const notice = noticeFor(failure, host.options.errorNotice)
    if (notice) host.send({ t: 'flash', html: flashHtml([['error', notice]]) })
  },
  page: {
    locals(page) {
      const kept: PageFlash = { mark: flashMark(), carried: carriedFlash(page.ctx, app.engine.ring, page.scope) }
      page.slots.flash = kept
      return { flash: () => kept.mark }
    },
    effects: {
      flash: ({ level, text }, { page }) => void pageFlashes(page.ctx).push(flashOf(level, text)),
    },
    done(page: PageScope, html: string) {
      const { mark, carried } = page.slots.flash as PageFlash
      return finishFlash(page.ctx, app.engine.ring, page.scope, { html, mark }, carried)
    },
  },
})
