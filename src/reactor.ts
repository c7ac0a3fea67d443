// The Reactor apps make: the Koa side (koa/reactor.ts) with the built-in capabilities (features/index.ts).
import type { ComponentClass } from './core/component.js'
import { features } from './features/index.js'
import { Reactor as Bare, type ReactorOptions } from './koa/reactor.js'

/** `Components`: the classes of the `components` option, whose handler declarations are checked against their methods. */
export class Reactor<const Components extends readonly ComponentClass[] = readonly ComponentClass[]> extends Bare<Components> {
  constructor(options: ReactorOptions<Components> = {}) {
    super(options, features)
  }
}
