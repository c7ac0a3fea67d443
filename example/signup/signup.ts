import { Component, t } from 'koa-reactor'
import { templatePath } from '../template.js'
import type { Accounts } from './accounts.js'

const field = t.string().default('')
const fields = { name: field, email: field, password: field }
type Fields = { name: string; email: string; password: string }
type Problems = Partial<Record<keyof Fields, string>>
const TAKEN_MESSAGE = 'An account with this address exists already.'

/**
 * A sign-up form validated on the server: on every change, the fields filled in so far; on submit, all of them
 * (and whether the address is taken, which only the server can know). The password never enters the token.
 */
export function signupForm(accounts: Accounts) {
  return class XSignup extends Component {
    static template = templatePath('signup/signup.pug')
    static state = {
      name: field,
      email: field,
      problems: t.object({ name: t.string().optional(), email: t.string().optional(), password: t.string().optional() }),
      welcome: field,
    }
    static handlers = { check: fields, submit: fields, again: {} }

    name = ''
    email = ''
    problems: Problems = {}
    welcome = ''

    /** A field changed: the filled-in fields are checked, the others are left alone until the submit. */
    async check(values: Fields): Promise<void> {
      this.take(values)
      this.problems = await problemsOf(values, accounts, (key) => values[key] !== '')
    }

    async submit(values: Fields): Promise<void> {
      this.take(values)
      this.problems = await problemsOf(values, accounts, () => true)
      if (Object.keys(this.problems).length) return
      if (!(await accounts.create(values.name, values.email, values.password))) return void (this.problems = { email: TAKEN_MESSAGE })
      this.welcome = values.name.trim()
      this.name = this.email = ''
    }

    again(): void {
      this.welcome = ''
    }

    private take({ name, email }: Fields): void {
      Object.assign(this, { name: name.slice(0, 100), email: email.slice(0, 200) })
    }
  }
}

async function problemsOf(values: Fields, accounts: Accounts, checked: (key: keyof Fields) => boolean): Promise<Problems> {
  const name = values.name.trim()
  const email = values.email.trim()
  const all: Problems = {
    name: name.length < 2 ? 'Tell us your name (at least 2 letters).' : name.length > 60 ? 'Keep it under 60 letters.' : undefined,
    email: !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)
      ? 'That does not look like an e-mail address.'
      : (await accounts.taken(email))
        ? TAKEN_MESSAGE
        : undefined,
    password: values.password.length < 8 ? 'At least 8 characters, please.' : values.password.toLowerCase() === email.toLowerCase() ? 'Not your e-mail address.' : undefined,
  }
  return Object.fromEntries(Object.entries(all).filter(([key, problem]) => problem && checked(key as keyof Fields)))
}
