// What a TypeScript user of koa-reactor gets from the compiler, checked by `make check` (part of `make test`):
// each `@ts-expect-error` line must be an error, or tsc fails with "Unused '@ts-expect-error' directive";
// every other line must compile. spec/typescript.spec.ts runs tsc on this file alone and on a copy without
// the directives, so the expected errors are proven to be errors.
import { Component, Reactor, t, type Args } from 'koa-reactor'
import { open } from 'koa-reactor/testing'

interface User {
  id: number
  name: string
}

// `this.user` has the type the class names
export class XGreeting extends Component<User> {
  static template = 'greeting.pug'
  static state = { greeting: t.string() }
  greeting = ''
  override mount(): void {
    this.greeting = `Hello ${this.user.name}`
    // @ts-expect-error a User has no email
    this.greeting = this.user.email
  }
}

// without a type, `this.user` is unknown (or the app's `Register['user']`, see spec/types/registered-user.ts)
export class XAnonymous extends Component {
  override mount(): void {
    // @ts-expect-error unknown until the app says what its user is
    void this.user.name
  }
}

// a handler's arguments, inferred from its declaration
export class XCounter extends Component {
  static template = 'x-counter.pug'
  static state = { amount: t.int() }
  static handlers = { inc: {}, set_to: { amount: t.int() }, rename: { label: t.string().optional() } }
  amount = 0
  label = ''
  inc(): void {
    this.amount += 1
  }
  set_to({ amount }: Args<typeof XCounter, 'set_to'>): void {
    this.amount = amount
    // @ts-expect-error amount is a number
    this.label = amount
  }
  rename({ label = 'none' }: Args<typeof XCounter, 'rename'>): void {
    this.label = label
  }
}

// a handler whose parameter contradicts its declaration
export class XWrong extends Component {
  static template = 'x-counter.pug'
  static state = { amount: t.int() }
  static handlers = { set_to: { amount: t.int() } }
  amount = 0
  set_to({ amount }: { amount: string }): void {
    this.amount = Number(amount)
  }
}

export const reactor = new Reactor({ components: [XCounter, XGreeting, XAnonymous] })
// @ts-expect-error set_to(): its parameter's type differs from its declaration in static handlers
new Reactor({ components: [XCounter, XWrong] })
// @ts-expect-error the same check for a class registered later
reactor.register(XWrong)
reactor.register(XCounter)

// streams take interfaces
interface Message {
  id: number
  text: string
}
export class XChat extends Component {
  post(): void {
    this.stream<Message>('messages').insert({ id: 1, text: 'hi' })
    // @ts-expect-error a Message has a text
    this.stream<Message>('messages').insert({ id: 2 })
  }
}

// the test client's text asserts without a cast
export async function readCount(url: string): Promise<number> {
  const page = await open(url, '/')
  const shown: string = page.text('.count')
  page.close()
  return Number(shown)
}

declare const latest: () => Message[]
export class XFeed extends Component {
  override mount(): void {
    this.stream('messages').reset(latest())
  }
}
