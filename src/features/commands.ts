// Client commands a handler sends to the page: `this.js().show('#done').add_class('#list', 'saved')`, run by
// the browser after the render, as `@click.js` runs them (public/commands.ts). Selectors name the targets in
// the page; `'this'` is the component's root.

import type { Feature } from '../koa/plugin.js'
import type { Command } from '../wire/protocol.js'
import { scriptedAttribute } from './command-attributes.js'

export type { Command }

export class ClientCommands {
  constructor(private readonly list: Command[]) {}

  private add(...command: Command): this {
    this.list.push(command)
    return this
  }

  show(selector: string) {
    return this.add('show', selector)
  }

  hide(selector: string) {
    return this.add('hide', selector)
  }

  toggle(selector: string) {
    return this.add('toggle', selector)
  }

  add_class(selector: string, classes: string) {
    return this.add('add_class', selector, classes)
  }

  remove_class(selector: string, classes: string) {
    return this.add('remove_class', selector, classes)
  }

  toggle_class(selector: string, classes: string) {
    return this.add('toggle_class', selector, classes)
  }

  /** Refuses `on*` handlers, `srcdoc` and `javascript:` URLs (the browser refuses them too). */
  set_attr(selector: string, name: string, value: string) {
    if (scriptedAttribute(String(name), String(value))) {
      throw new Error(`this.js().set_attr cannot set ${JSON.stringify(name)} to ${JSON.stringify(value)}: event handlers (on*), srcdoc and javascript:/vbscript: URLs run script`)
    }
    return this.add('set_attr', selector, name, value)
  }

  remove_attr(selector: string, name: string) {
    return this.add('remove_attr', selector, name)
  }

  focus(selector: string) {
    return this.add('focus', selector)
  }

  /** A bubbling CustomEvent `type` on the targets, with `detail`. */
  dispatch(selector: string, type: string, detail?: unknown) {
    return this.add('dispatch', selector, type, detail)
  }

  /** Adds `classes` to the targets for `ms`, then takes them away. */
  transition(selector: string, classes: string, ms = 200) {
    return this.add('transition', selector, classes, ms)
  }

  /** Sends handler `name` of this component with `args`, as a click would. */
  push(name: string, args?: Record<string, unknown>) {
    return this.add('push', name, args)
  }
}

declare module '../core/effects.js' {
  interface EffectKinds {
    /** client commands run after the next render */
    js: { kind: 'js'; commands: Command[] }
    /** the focus moves to an element of the component after the next render */
    focus: { kind: 'focus'; selector: string }
  }
}

/** The capability: a handler's `js()` and `focus()` go to the page after the render (not during the first HTTP
 * render: the page runs no commands before it has joined). */
export const commands: Feature = () => ({
  name: 'commands',
  effects: {
    js: ({ commands }, { host, live }) => host.send({ t: 'js', id: live.id, c: commands }),
    focus: ({ selector }, { host, live }) => host.send({ t: 'focus', id: live.id, sel: selector }),
  },
})
