// The chat showcase at /chat/<room>: rooms with unread counts, a message stream in the database that loads older
// messages on scroll, who is here and who is typing (presence), and image attachments (uploads). The user's
// name comes from `?name=`, kept in a cookie (a guest name otherwise).
import { mkdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { extname, join } from 'node:path'
import type Router from '@koa/router'
import type { Context } from 'koa'
import { chatPeople } from './people.js'
import { chatRoom } from './room.js'
import { chatRooms } from './rooms.js'
import { ROOMS, type ChatStore } from './store.js'
import { templatePath } from './template.js'

const IMAGE = /^[\w-]+\.(png|jpe?g|gif|webp)$/
const TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' }

function userOf(ctx: Context): string {
  const given = typeof ctx.query.name === 'string' && /^[\w-]{1,20}$/.test(ctx.query.name) ? ctx.query.name : undefined
  const name = given ?? ctx.cookies.get('chat_name') ?? `guest-${randomBytes(2).toString('hex')}`
  ctx.cookies.set('chat_name', name, { httpOnly: true, sameSite: 'lax' })
  return name
}

export function chatExample(store: ChatStore, images: string) {
  mkdirSync(images, { recursive: true })
  return {
    components: [chatRooms(store), chatRoom(store, images), chatPeople()],
    routes(router: Router): void {
      router.get('/chat', (ctx) => ctx.redirect('/chat/general'))
      router.get('/chat/images/:file', async (ctx) => {
        if (!IMAGE.test(ctx.params.file)) return ctx.throw(404)
        ctx.type = TYPES[extname(ctx.params.file)]
        ctx.body = await readFile(join(images, ctx.params.file)).catch(() => ctx.throw(404))
      })
      router.get('/chat/:room', async (ctx, next) => {
        const room = ROOMS.find((r) => r === ctx.params.room)
        if (!room) return next()
        const name = userOf(ctx)
        await store.welcome(name)
        ctx.set('Cache-Control', 'no-store')
        // a strict policy: only the scripts carrying this response's nonce run
        ctx.state.cspNonce = randomBytes(16).toString('base64')
        ctx.set('Content-Security-Policy', `script-src 'nonce-${ctx.state.cspNonce}'; object-src 'none'; base-uri 'none'`)
        return ctx.render(templatePath('page.pug'), { room, name })
      })
    },
  }
}
