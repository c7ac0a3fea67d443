// The Component apps extend: the core's base (a component's life) with each capability's methods, one line each.
import type { RegisteredUser } from './core/typing.js'
import { Component as Base, libraryClass, runtime } from './core/component.js'
import { ask } from './core/effects.js'
import { navigable } from './features/navigation.js'
import { failureOf, isLoading, startAsync } from './features/async.js'
import { ClientCommands, type Command } from './features/commands.js'
import { streamsOf, type Stream, type StreamOptions } from './features/streams/index.js'
import { addError, fieldsOf } from './features/forms/fields.js'
import { fieldOf, type Field } from './features/forms/field.js'
import { Topic } from './features/presence/index.js'
import { uploadsOf } from './features/uploads/index.js'
import type { UploadedFile } from './features/uploads/receiver.js'

export type { ComponentClass } from './core/component.js'
export type { Effect } from './core/effects.js'

/** `User` is the type of `this.user` (default: your `Register`'s `user`, see core/typing.ts, else unknown). */
export class Component<User = RegisteredUser> extends Base<User> {
  /** What a lazy component shows until it is mounted (HTML; `component(name, props, { lazy: true })`). */
  placeholder(): string {
    return ''
  }

  /**
   * The files of upload `name` (declared in `static uploads`) that this node received for this component and no
   * handler took yet. Move or copy them: they are removed a minute later, or when the socket closes.
   */
  uploaded(name: string): UploadedFile[] {
    return uploadsOf(this[runtime].scope)?.take(this.id, name) ?? []
  }

  /** Who is on `topic`, on every node: `.track(meta)` puts this component there, `.list()` reads it. */
  presence(topic: string): Topic {
    return new Topic(topic, this)
  }

  /**
   * Takes the browser to `url` by live navigation (a new history entry, or `replace` the current one);
   * during the first render, an HTTP redirect. Only paths and http(s) URLs.
   */
  visit(url: string, { action = 'advance' }: { action?: 'advance' | 'replace' } = {}): void {
    ask(this, { kind: 'visit', url: navigable(url), action })
  }

  /** Loads `url` in the browser, a whole page load (an HTTP redirect during the first render). */
  redirect(url: string): void {
    ask(this, { kind: 'redirect', url: navigable(url) })
  }

  /**
   * A message for the user (`level`: info, success, error... a word, it becomes a class), shown by `flash()`
   * in the layout: at once, or on the next page when the handler also calls `visit` or `redirect`.
   */
  flash(level: string, text: string): void {
    ask(this, { kind: 'flash', level, text })
  }

  /**
   * Starts slow work: the component renders at once (`this.loading(name)` is true), and again when the work
   * ends, with its result in `this[name]` (or `this.failed(name)`, its error). The result stays in the token
   * only when `name` is a state field. During the first HTTP render the work is awaited (the page is complete).
   */
  async(name: string, work: () => unknown): void {
    startAsync(this, name, work)
  }

  /** Whether the `async` work `name` is still running. */
  loading(name: string): boolean {
    return isLoading(this, name)
  }

  /** The error message of the `async` work `name`, when it failed. */
  failed(name: string): string | undefined {
    return failureOf(this, name)
  }

  /** Client commands for the page, run after the next render: `this.js().show('#done').focus('#next')`. */
  js(): ClientCommands {
    const commands: Command[] = []
    ask(this, { kind: 'js', commands })
    return new ClientCommands(commands)
  }

  /** Moves the focus to the element `selector` inside this component after the next render. */
  focus(selector: string): void {
    ask(this, { kind: 'focus', selector })
  }

  /**
   * A collection the browser keeps and the token never holds: `this.stream('messages').insert(item, { at: -1 })`.
   * Only what this handler inserts is rendered and sent; the template writes the container as
   * `ul(:stream="messages")` and its items as `each m, id in streams.messages` with `li(id=id)`.
   */
  stream<T = object>(name: string, options?: StreamOptions<T>): Stream<T> {
    return streamsOf(this).open(name, options)
  }

  /**
   * For templates: the errors of form field `name` the user has used (a handler declared with `form(schema)`),
   * and the attributes that say so: `input(name="email")&attributes(field('email').attrs)` (a getter, so that a
   * template calls it without `this.`).
   */
  get field(): (name: string) => Field {
    return (name) => fieldOf(this, name)
  }

  /** An error on form field `name` that only the server knows (the address is taken): shown beside it like the schema's. */
  addError(name: string, message: string): void {
    addError(fieldsOf(this), name, message)
  }

  /** For templates: `streams.<name>` holds the items of that stream this render carries, by DOM id. */
  get streams(): Record<string, Record<string, unknown>> {
    return streamsOf(this).view
  }

}

libraryClass(Component)
