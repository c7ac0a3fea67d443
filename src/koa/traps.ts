// Mistakes of composition that would otherwise fail without a word or with another library's message: a route
// that renders a page before `reactor.attach(app)` added `ctx.reactor`, a page another view engine renders (koa-views'
// `ctx.render`) that calls `reactorHeader()`, and a page served by a server the component socket is not bound to.
import type Koa from 'koa'
import { escapeHtml } from '../core/helpers.js'
import type { Warnings } from '../features/warnings.js'

const NOT_YET =
  'koa-reactor: ctx.reactor is not set: this middleware runs before the one reactor.attach(app) adds; ' +
  'call reactor.attach(app) before app.use(...) of the routes that render pages (a router included)'

/**
 * `ctx.reactor` read before the reactor's middleware ran: a clear error. (`ctx.render` is left alone: koa-views
 * keeps a `ctx.render` it finds, so one on the prototype would keep it from adding its own.)
 */
export function guardContext(app: Koa<any, any>): void {
  const context = app.context as Record<string, unknown>
  if (!Object.getOwnPropertyDescriptor(context, 'reactor')) {
    Object.defineProperty(context, 'reactor', {
      configurable: true,
      get() {
        throw new Error(NOT_YET)
      },
      set(value: unknown) {
        Object.defineProperty(this, 'reactor', { value, writable: true, configurable: true, enumerable: true })
      },
    })
  }
}

/**
 * `reactorHeader` for templates koa-reactor does not render (koa-views and other engines pass `ctx.state` to
 * theirs, so development puts this there): it says what to do instead of "reactorHeader is not a function".
 */
export function foreignHeader(): never {
  throw new Error(
    'koa-reactor: reactorHeader() was called from a template koa-reactor does not render (koa-views\' ctx.render, or ' +
      'another view engine), where its components cannot be placed; render pages with components with ' +
      'ctx.reactor.render(view, locals)',
  )
}

/**
 * A page with components while no server serves the component socket: warned once in the log, and on the page,
 * where the development client shows the script's `data-warn` in its overlay.
 */
export function warnUnbound(html: string, view: string, socketUrl: string, warnings: Warnings): string {
  if (!html.includes(' reactor-component="')) return html
  const warning =
    `koa-reactor: page ${view} renders components, but no server serves the component socket (${socketUrl}), so none of ` +
    'them is live; with a server of your own (http.createServer(app.callback()), HTTPS, one shared with other apps) ' +
    'call reactor.listen(server) once it is made, or start the app with app.listen()'
  warnings.once('unbound', warning)
  return html.replace(' data-dev></script>', () => ` data-dev data-warn="${escapeHtml(warning)}"></script>`)
}
