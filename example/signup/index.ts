// The sign-up example at /signup: a form validated on the server as the user types, with the library's `t`;
// /signup/zod is the same form with a zod schema.
import type Router from '@koa/router'
import type { ExampleData } from '../data.js'
import { templatePath } from '../template.js'
import { Accounts } from './accounts.js'
import { signupForm, zodSignupForm } from './signup.js'

export async function signupExample(data: ExampleData) {
  const accounts = new Accounts(data)
  await accounts.setup()
  return {
    components: [signupForm(accounts), zodSignupForm(accounts)],
    routes(router: Router): void {
      router.get('/signup', (ctx) => ctx.render(templatePath('signup/page.pug'), { title: 'Sign up', tag: 'x-signup', other: ['zod', '/signup/zod'] }))
      router.get('/signup/zod', (ctx) => ctx.render(templatePath('signup/page.pug'), { title: 'Sign up (zod)', tag: 'x-signup-zod', other: ['t', '/signup'] }))
    },
  }
}
