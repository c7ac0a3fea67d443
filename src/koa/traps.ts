// Mistakes of composition that would otherwise fail with another library's message: a route that renders a page
// before `reactor.attach(app)` added `ctx.reactor`, and a page another view engine renders (koa-views' `ctx.render`)
// that calls `reactorHeader()`. (A page served by a server the component socket is not bound to: features/develop.)
import type Koa from 'koa'

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
