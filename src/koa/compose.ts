// Middleware in order, as one (koa-compose's rule: each calls `next` at most once).
import type { Middleware } from 'koa'

export function compose(middleware: readonly Middleware[]): Middleware {
  return (ctx, next) => {
    let last = -1
    const run = (i: number): Promise<void> => {
      if (i <= last) return Promise.reject(new Error('koa-reactor: next() called twice in a plugin\'s middleware'))
      last = i
      const fn = i < middleware.length ? middleware[i] : next
      return fn ? Promise.resolve(fn(ctx, () => run(i + 1))) : Promise.resolve()
    }
    return run(0)
  }
}
