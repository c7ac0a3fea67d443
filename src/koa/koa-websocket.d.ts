// The small part of koa-websocket koa-reactor uses (its @types package makes every Koa context a socket's).
declare module 'koa-websocket' {
  import type Koa from 'koa'
  import type { Middleware } from 'koa'
  import type { ServerOptions, WebSocket } from 'ws'

  namespace websockify {
    interface App<S = Koa.DefaultState, C = Koa.DefaultContext> extends Koa<S, C> {
      ws: { use(middleware: Middleware<S, C & { websocket: WebSocket }>): unknown }
    }
  }
  function websockify<S, C>(app: Koa<S, C>, wsOptions?: ServerOptions): websockify.App<S, C>
  export = websockify
}
