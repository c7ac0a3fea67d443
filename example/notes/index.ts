// The login example at /notes: an AuthComponent behind a real cookie session, with a login form (/notes/login).
import type Router from '@koa/router'
import type { Context } from 'koa'
import type { ExampleData } from '../data.js'
import { templatePath } from '../template.js'
import { privateNotes } from './notes.js'
import { People } from './people.js'

const MAX_FORM_BYTES = 4096

export async function notesExample(data: ExampleData) {
  const people = new People(data)
  await people.setup()
  const login = (ctx: Context, locals: Record<string, unknown> = {}) =>
    ctx.render(templatePath('notes/login.pug'), { title: 'Log in', login: '', failed: false, next: localPath(ctx.query.next), ...locals })
  return {
    people,
    components: [privateNotes(people)],
    /** for the Reactor's `user` option: the person of the session cookie (on pages and sockets alike) */
    user: (ctx: Context) => people.userOf(ctx),
    routes(router: Router): void {
      router.get('/notes', (ctx) => {
        ctx.set('Cache-Control', 'no-store')
        return ctx.render(templatePath('notes/page.pug'), { title: 'Private notes' })
      })
      router.get('/notes/login', (ctx) => login(ctx))
      router.post('/notes/login', async (ctx) => {
        if (!sameOrigin(ctx)) return void (ctx.status = 403)
        const form = await formOf(ctx)
        const person = await people.check(form.get('login') ?? '', form.get('password') ?? '')
        if (!person) {
          ctx.status = 401
          return login(ctx, { login: form.get('login') ?? '', failed: true, next: localPath(form.get('next')) })
        }
        await people.logIn(ctx, person)
        ctx.redirect(localPath(form.get('next')) ?? '/notes')
      })
      router.post('/notes/logout', async (ctx) => {
        if (!sameOrigin(ctx)) return void (ctx.status = 403)
        await people.logOut(ctx)
        ctx.redirect('/notes/login')
      })
    },
  }
}

/** Where to go after logging in: a path of this site only (`//host` and `/\\host` would leave it). */
function localPath(next: unknown): string | undefined {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : undefined
}

/** A form POSTed from another site is refused (a browser always sends Origin with a POST). */
function sameOrigin(ctx: Context): boolean {
  const origin = ctx.get('Origin')
  return !origin || origin === ctx.origin
}

/** The fields of a url-encoded form POST (this example needs no body-parser). */
async function formOf(ctx: Context): Promise<URLSearchParams> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_FORM_BYTES) ctx.throw(413, 'the form is too large')
    chunks.push(chunk)
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}
