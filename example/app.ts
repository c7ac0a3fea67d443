// The example app: one Koa app with every example page. `make run` starts it.
import Router from '@koa/router'
import Koa from 'koa'
import { fileURLToPath } from 'node:url'
import { Reactor, type ReactorOptions } from '../src/index.js'
import { XCounter } from './components/counter.js'

export const examples = [{ path: 'counter', title: 'Counter' }]

export function createApp(options: ReactorOptions = {}) {
  const reactor = new Reactor({
    views: fileURLToPath(new URL('views', import.meta.url)),
    components: [XCounter],
    ...options,
  })
  const router = new Router()
  router.get('/', (ctx) => ctx.render('index.pug', { title: 'koa-reactor examples', examples }))
  router.get('/counter', (ctx) => ctx.render('counter.pug', { title: 'Counter' }))
  const app = reactor.attach(new Koa())
  app.use(router.routes())
  return { app, reactor }
}
