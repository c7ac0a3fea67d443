// Lazy components: `component('x-report', props, { lazy: true })` renders a placeholder in the first HTTP
// response, with a signed ticket (component name and props, bound to the session); once the page has joined,
// the browser sends the tickets of the page's lazy components in one message (those marked `'visible'` as
// they scroll into view) and the node that gets it mounts and renders each. The props travel sealed (as a
// component's sealed fields do): a page shows no more of a lazy component than of one rendered whole.
import type { Component } from '../core/component.js'
import { newId, type Engine, type Scope } from '../core/engine.js'
import { escapeHtml } from '../core/helpers.js'
import { fromQuery } from './query.js'
import { open, signPayload } from '../core/token.js'
import { seal, unseal } from './sealed.js'
import type { Host } from '../wire/host.js'
import { start } from '../wire/children.js'
import type { Held } from '../wire/protocol.js'
import { tooManyFollowed } from '../wire/limits.js'

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
  const claims = { cmp: TICKET, cid: id, sid: engine.ring.bindSession(key, scope.session), ver: '', iat, exp: iat + engine.ttl, st: { n: name, p: seal(key, JSON.parse(json)) } }
  const inner = (new entry.cls() as Component & { placeholder?(): string }).placeholder?.() ?? ''
  const tag = entry.cls.extends
  return `<${tag} id="${escapeHtml(id)}" reactor-lazy="${when === 'visible' ? 'visible' : ''}" lazy="${signPayload(key, JSON.stringify(claims))}">${inner}</${tag}>`
}

/** The ids of each socket's lazy mounts under way (a socket that mounts none has no entry). */
const mounting = new WeakMap<Host, Set<string>>()

/**
 * Mounts the lazy components whose tickets the browser sent, each answered with its whole render. A ticket
 * mounts once: one repeated in the message, or for a component the socket follows or is mounting, is refused,
 * and so is one beyond the socket's `componentsPerSocket`.
 */
export async function mountLazy(host: Host, tickets: Held[]): Promise<void> {
  const under = mounting.get(host) ?? new Set<string>()
  const admitted = tickets.filter(({ id }) => admit(host, under, id))
  if (!admitted.length) return
  mounting.set(host, under)
  try {
    await Promise.all(admitted.map((ticket) => mountOne(host, ticket)))
  } finally {
    for (const { id } of admitted) under.delete(id)
    if (!under.size) mounting.delete(host)
  }
}

function admit(host: Host, under: Set<string>, id: string): boolean {
  const { componentsPerSocket } = host.options.limits
  if (under.has(id) || host.roster.has(id)) return host.fail('bad-lazy', `the lazy component #${id} is mounted already; a ticket mounts once`, id), false
  if (host.roster.size + under.size >= componentsPerSocket) {
    return host.fail('too-many-components', tooManyFollowed(componentsPerSocket), id), false
  }
  under.add(id)
  return true
}

async function mountOne(host: Host, { id, tok }: Held): Promise<void> {
  let name: string, props: Record<string, unknown>
  try {
    const { claims, key } = open(host.engine.ring, tok, { session: host.scope.session, cmp: TICKET, cid: id })
    ;[name, props] = [String(claims.st.n), unseal(key, claims.st.p)]
  } catch (error) {
    return host.fail('bad-lazy', `the lazy component #${id} cannot be mounted: ${(error as Error).message}`, id)
  }
  try {
    const instance = await host.engine.mount(name, { ...props, id }, host.scope)
    const rendered = await start(host, instance)
    host.send(rendered ? { id, tok: rendered.token, html: rendered.html } : { t: 'rm', id })
  } catch (error) {
    host.fail('server-error', `mounting lazy #${id} failed: ${(error as Error)?.message}`, id, undefined, { component: name, error })
  }
}
