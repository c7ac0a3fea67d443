// Lazy components: `component('x-report', props, { lazy: true })` renders a placeholder in the first HTTP
// response, with a signed ticket (component name and props, bound to the session); once the page has joined,
// the browser sends the tickets of the page's lazy components in one message (those marked `'visible'` as
// they scroll into view) and the node that gets it mounts and renders each. The props travel sealed (as a
// component's sealed fields do): a page shows no more of a lazy component than of one rendered whole.
import type { Component } from '../core/component.js'
import { newId, type Engine, type Scope } from '../core/engine.js'
import { escapeHtml } from '../core/helpers.js'
import type { Placement } from '../core/render.js'
import { openTicket, signTicket } from '../core/tickets.js'
import { fromQuery } from './query.js'
import { seal, unseal } from './sealed.js'
import type { Feature } from '../koa/plugin.js'
import type { Host } from '../wire/host.js'
import { start } from '../wire/children.js'
import { heldOf, ProtocolError, type Held } from '../wire/protocol.js'
import { isObject } from '../wire/fields.js'
import { tooManyFollowed, type Limits } from '../wire/limits.js'
import type { SocketMessage } from '../wire/plugin.js'

/** a ticket of this kind is no component's: it cannot be taken for a state token */
const TICKET = 'reactor-lazy'
export const MAX_LAZY_PROPS = 8 * 1024

/** The placeholder: the component's root tag, its `placeholder()` inside, and the ticket to mount it. */
function lazyPlaceholder(engine: Engine, name: string, props: Record<string, unknown>, scope: Scope, when: true | 'visible'): string {
  const entry = engine.entry(name)
  const { id: given, ...rest } = props
  const id = typeof given === 'string' && given ? given : newId()
  // the page's URL, for fields kept in it: the socket that mounts it later knows only its own URL
  const json = JSON.stringify({ ...rest, ...fromQuery(entry, scope.query ?? {}) })
  if (json.length > MAX_LAZY_PROPS) throw new Error(`koa-reactor: the props of lazy ${name} exceed ${MAX_LAZY_PROPS} bytes of JSON; pass ids and load the records in mount`)
  const ticket = signTicket(engine.ring, { kind: TICKET, id }, scope.session, engine.ttl, (key) => ({ n: name, p: seal(key, JSON.parse(json)) }))
  const inner = (new entry.cls() as Component & { placeholder?(): string }).placeholder?.() ?? ''
  const tag = entry.cls.extends
  return `<${tag} id="${escapeHtml(id)}" reactor-lazy="${when === 'visible' ? 'visible' : ''}" lazy="${ticket}">${inner}</${tag}>`
}

/** The ids of each socket's lazy mounts under way (a socket that mounts none has no entry). */
const mounting = new WeakMap<Host, Set<string>>()

/**
 * Mounts the lazy components whose tickets the browser sent, each answered with its whole render. A ticket
 * mounts once: one repeated in the message, or for a component the socket follows or is mounting, is refused,
 * and so is one beyond the socket's `componentsPerSocket`.
 */
async function mountLazy(host: Host, tickets: Held[]): Promise<void> {
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
    const { state, key } = openTicket(host.engine.ring, tok, { kind: TICKET, id }, host.scope.session)
    ;[name, props] = [String(state.n), unseal(key, state.p)]
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

/** The browser's message: the tickets of the page's lazy components to mount, at most `componentsPerJoin`. */
const lazyMessage: SocketMessage<{ c: Held[] }> = {
  parse(msg: Record<string, unknown>, limits: Limits) {
    if (!Array.isArray(msg.c)) throw new ProtocolError('bad-message', 'lazy needs a list of tickets c')
    if (msg.c.length > limits.componentsPerJoin) {
      throw new ProtocolError('too-many-components', `a lazy message may hold ${limits.componentsPerJoin} tickets at most (the limits option componentsPerJoin)`)
    }
    return { c: msg.c.filter(isObject).map(heldOf) }
  },
  // as many events as the components it mounts
  cost: ({ c }) => c.length,
  run: ({ c }, host) => void mountLazy(host, c),
}

/** The capability: `component(name, props, { lazy: true })` places a placeholder with a ticket; the socket's
 * `lazy` message mounts the components of the tickets it brings. */
export const lazy: Feature = (app) => ({
  name: 'lazy',
  messages: { lazy: lazyMessage },
  page: {
    place: (name, props, { lazy: when }: Placement, { scope }) =>
      when ? Promise.resolve(lazyPlaceholder(app.engine, name, props, scope, when)) : undefined,
  },
})
