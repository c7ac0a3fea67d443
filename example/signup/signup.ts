import { Component, form, t, type Shape, type StandardSchema } from 'koa-reactor'
import { z } from 'zod'
import { templatePath } from '../template.js'
import type { Accounts } from './accounts.js'

type Fields = { name: string; email: string; password: string }
const TAKEN_MESSAGE = 'An account with this address exists already.'
const isEmail = (email: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())

/** The form's rules with the library's `t`: each type with the message a user sees when a value breaks its rule. */
const signup = form({
  name: t.string()
    .refine((name) => name.trim().length >= 2, 'Tell us your name (at least 2 letters).')
    .refine((name) => name.trim().length <= 60, 'Keep it under 60 letters.'),
  email: t.string().refine(isEmail, 'That does not look like an e-mail address.'),
  password: t.string().refine((password) => password.length >= 8, 'At least 8 characters, please.'),
})

/**
 * A sign-up form validated on the server as the user types (`@input.debounce="validate"`): a field shows its
 * errors once the user has used it, all of them on submit (the focus goes to the first). `submit` runs only with
 * valid values; what only the server knows (the address is taken) it adds with `addError`. The password never
 * enters the token.
 */
export function signupForm(accounts: Accounts) {
  return class XSignup extends Component {
    static template = templatePath('signup/signup.pug')
    // the form's values as typed: every event of the form keeps them here, so each render shows them
    static state = { name: t.string().default(''), email: t.string().default(''), welcome: t.string().default('') }
    // (typed loosely: the zod sign-up below declares its own)
    static handlers: Record<string, Shape | StandardSchema<Record<string, unknown>>> = { submit: signup, again: {} }

    name = ''
    email = ''
    welcome = ''

    async submit({ name, email, password }: Fields): Promise<void> {
      if (password.toLowerCase() === email.trim().toLowerCase()) return this.addError('password', 'Not your e-mail address.')
      if (!(await accounts.create(name, email, password))) return this.addError('email', TAKEN_MESSAGE)
      this.welcome = name.trim()
      this.name = this.email = ''
    }

    again(): void {
      this.welcome = ''
    }
  }
}

/** The same rules in zod (any Standard Schema validator serves), with the server's check of the address. */
const zodSignup = z.object({
  name: z.string().trim().min(2, 'Tell us your name (at least 2 letters).').max(60, 'Keep it under 60 letters.'),
  email: z.string().trim().refine(isEmail, 'That does not look like an e-mail address.'),
  password: z.string().min(8, 'At least 8 characters, please.'),
})

/** The sign-up with a zod schema: the address is checked against the accounts as the user types. */
export function zodSignupForm(accounts: Accounts) {
  const schema = zodSignup
    .refine(async ({ email }) => !(await accounts.taken(email)), { message: TAKEN_MESSAGE, path: ['email'] })
    .refine(({ email, password }) => password.toLowerCase() !== email.toLowerCase(), { message: 'Not your e-mail address.', path: ['password'] })
  return class XSignupZod extends signupForm(accounts) {
    static handlers = { submit: form(schema), again: {} }
  }
}
