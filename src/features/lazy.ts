// Lazy components: `component('x-report', props, { lazy: true })` renders a placeholder in the first HTTP
// response, with a signed ticket (component name and props, bound to the session); once the page has joined,
// the browser sends the tickets of the page's lazy components in one message (those marked `'visible'` as
// they scroll into view) and the node that gets it mounts and renders each.
import type { Component } from '../core/component.js'
import { newId, type Engine, type Scope } from '../core/engine.js'
import { escapeHtml } from '../core/helpers.js'
import { fromQuery } from './query.js'
import { open, signPayload } from '../core/token.js'
import type { Host } from '../wire/host.js'
import { start } from '../wire/children.js'
import type { Held } from '../wire/protocol.js'

/** a ticket of this name is no component's: it cannot be taken for a state token */
const TICKET = 'reactor-lazy'
export const MAX_LAZY_PROPS = 8 * 1024

/** The placeholder: the component's root tag, its `placeholder()` inside, and the ticket to mount it. */
export function lazyPlaceholder(engine: Engine, name: string, props: Record<string, unknown>, scope: Scope, when: true | 'visible'): string {
  const entry = engine.entry(name)
  const { id: given, ...rest } = props
  const id = typeof given === 'string' && given ? given : newId()
  // the page's URL, for fields kept in it: the socket that mounts it later knows only its own URL
  const json = JSON.stringify({ ...rest, ...fromQuery(entry, scope.query ?? {}) })
  if (json.length > MAX_LAZY_PROPS) throw new Error(`koa-reactor: the props of lazy ${name} exceed ${MAX_LAZY_PROPS} bytes of JSON; pass ids and load the records in mount`)
  const key = engine.ring.current
  const iat = Math.floor(Date.now() / 1000)
  const claims = { cmp: TICKET, cid: id, sid: engine.ring.bindSession(key, scope.session), ver: '', iat, exp: iat + engine.ttl, st: { n: name, p: JSON.parse(json) } }
  const inner = (new entry.cls() as Component).placeholder()
  const tag = entry.cls.extends
  return `<${tag} id="${escapeHtml(id)}" reactor-lazy="${when === 'visible' ? 'visible' : ''}" lazy="${signPayload(key, JSON.stringify(claims))}">${inner}</${tag}>`
}

/** Mounts the lazy components whose tickets the browser sent, each answered with its whole render. */
export async function mountLazy(host: Host, tickets: Held[]): Promise<void> {
  await Promise.all(tickets.map((ticket) => mountOne(host, ticket)))
}

async function mountOne(host: Host, { id, tok }: Held): Promise<void> {
  let st: Record<string, unknown>
  try {
    st = open(host.engine.ring, tok, { session: host.scope.session, cmp: TICKET, cid: id }).claims.st
  } catch (error) {
    return host.fail('bad-lazy', `the lazy component #${id} cannot be mounted: ${(error as Error).message}`, id)
  }
  try {
    const instance = await host.engine.mount(String(st.n), { ...(st.p as Record<string, unknown>), id }, host.scope)
    const rendered = await start(host, instance)
    host.send(rendered ? { id, tok: rendered.token, html: rendered.html } : { t: 'rm', id })
  } catch (error) {
    host.options.log.error(`koa-reactor: mounting lazy #${id} failed`, error)
    host.send({ t: 'err', id, code: 'server-error', msg: `mounting lazy #${id} failed: ${(error as Error).message}` })
  }
}
