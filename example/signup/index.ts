// The sign-up example at /signup: a form with server-side validation shown inline.
import type Router from '@koa/router'
import type { ExampleData } from '../data.js'
import { templatePath } from '../template.js'
import { Accounts } from './accounts.js'
import { signupForm } from './signup.js'

export async function signupExample(data: ExampleData) {
  const accounts = new Accounts(data)
  await accounts.setup()
  return {
    components: [signupForm(accounts)],
    routes(router: Router): void {
      router.get('/signup', (ctx) => ctx.render(templatePath('signup/page.pug'), { title: 'Sign up' }))
    },
  }
}
