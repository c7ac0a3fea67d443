// An event's run on a component of the socket: the checks (already applied, its user, its handler and arguments,
// the capabilities' verdicts), the handler in the app's transaction, then the render and the answer, remembered
// for an event re-sent after a reconnect.
import { runtime, type Component } from '../core/component.js'
import { at } from '../core/plugin.js'
import type { Answer, Answered } from './applied.js'
import { checkedCall, type Event } from './event.js'
import type { LiveComponent } from './live.js'
import type { SocketOptions } from './host.js'
import type { Verdict } from './plugin.js'
import type { ServerMessage } from './protocol.js'
import type { BrowserCopy } from './update.js'

const NONE: readonly never[] = []

const transact = (options: SocketOptions, work: () => Promise<unknown>) => options.transaction(work)

const undoBoth = (first: (() => Promise<unknown>) | undefined, then: () => Promise<unknown>) => (first ? async () => (await first(), await then()) : then)

/** The run of `event` on `live`; with what the capabilities that follow events (`received`) call once it has run. */
export function eventRun(live: LiveComponent, event: Event): () => Promise<void> {
  const run = () => runEvent(live, event)
  const followers = live.host.options.plugins?.received
  if (!followers?.length) return run
  let after: Array<() => void> | undefined
  for (const plugin of followers) {
    const then = plugin.received!(live, event)
    if (then) (after ??= []).push(then)
  }
  return after ? () => run().finally(() => after.forEach((then) => then())) : run
}

/** Runs event `event` on `live`: checked, its handler called, the component rendered and the browser answered. */
export async function runEvent(live: LiveComponent, event: Event): Promise<void> {
  const { host } = live
  const { n, q, r } = event
  const { applied } = host.options
  if (!host.roster.follows(live)) return // removed (destroyed or left) while live event waited
  if (q !== undefined && (live.claims.seq ?? 0) >= q) return host.send({ t: 'ack', id: live.id, q })
  const last = q === undefined ? undefined : lastAnswer(live)
  if (last && q! <= last.q) return replay(live, last, q!)
  // (the event's idempotency key is made only where it is looked up or recorded: no string an event otherwise)
  const key = q !== undefined && (r || applied.keyed) ? `${componentKey(live)}:${q}` : ''
  const left = r && (await applied.elsewhere(key))
  if (left && (await catchUp(live, left, q!))) return
  const rebuilt = live.rebuild()
  const { instance, entry } = rebuilt instanceof Promise ? await rebuilt : rebuilt
  // (what is not a promise is not awaited: each await costs every event a turn of the microtask queue)
  const allowed = instance.allowed()
  if (!(typeof allowed === 'boolean' ? allowed : await allowed)) return live.deny(instance, q)
  const checked = checkedCall(entry, event)
  const call = checked instanceof Promise ? await checked : checked
  for (const { plugin, use } of q === undefined ? NONE : entry.hooks.checked ?? NONE) if (await plugin.checked!(use, live, instance, event, call)) return
  if ('code' in call) return host.fail(call.code, call.msg, live.id, q, { component: entry.name, handler: n })
  const { args } = call
  let undo: (() => Promise<unknown>) | undefined
  for (const { plugin, use } of q === undefined ? NONE : entry.hooks.before ?? NONE) {
    const said: Verdict | undefined = await plugin.before!(use, live, q)
    if (said && 'code' in said) return (await undo?.(), host.fail(said.code, said.message, live.id, q))
    if (said?.undo) undo = undoBoth(undo, said.undo)
  }
  if (live.base === undefined && live.clientHash) await live.recoverBase()
  live.running = instance[runtime]
  const watch = entry.hooks.handled
  const before = watch?.map(({ plugin, use }) => plugin.handling?.(use, instance, n))
  try {
    // (no closure made per event but the one the transaction runs)
    const work = applied.durable && q !== undefined ? () => recorded(live, instance, n, args, key, q) : () => called(instance, n, args)
    const around = host.engine.registry.around
    const result = await (around ? at(around, { at: 'handler', live, instance, handler: n }, transact, host.options, work) : host.options.transaction(work))
    if (result !== undefined && !(await returned(live, result, instance))) return
  } catch (error) {
    await undo?.()
    return host.fail('handler-failed', `${entry.name}.${n} failed: ${(error as Error)?.message}`, live.id, q, { component: entry.name, handler: n, error })
  }
  if (before) watch!.forEach(({ plugin, use }, i) => { for (const msg of plugin.handled!(use, instance, n, before[i]) ?? NONE) host.send(msg) })
  let reply: ServerMessage | undefined
  try {
    reply = await live.settle(instance, q)
  } catch (error) {
    await undo?.() // the browser keeps the state it had, and so does the mark
    throw error
  }
  if (reply && q !== undefined) remember(live, { q, reply, after: copy(live) }, key)
}

/** A component on this node, across the sockets of its page: `session:page:id`. */
const componentKey = (live: LiveComponent) => `${live.claims.sid}:${live.host.page}:${live.id}`

/** This node's last answer to the component: its own socket's, or one a socket of its page left before a reconnect. */
const lastAnswer = (live: LiveComponent): Answer | undefined => (live.answered ??= answeredOn(live)).last

/** Where the node keeps the component's last answer: where a socket of its page kept it, else a place made now (once a socket). */
function answeredOn(live: LiveComponent): Answered {
  const { applied } = live.host.options
  const key = componentKey(live)
  let answered = applied.answered(key)
  if (!answered) applied.follow(key, (answered = {}))
  return answered
}

/** The socket left the component (it closed, say): its last answer is the newest the node keeps, for the socket that takes over its page. */
export function keepLastAnswer(live: LiveComponent): void {
  if (live.answered) live.host.options.applied.follow(componentKey(live), live.answered)
}

/** Keeps the component's last answer where a socket that takes over its page finds it (and the other nodes, its token). */
function remember(live: LiveComponent, answer: Answer, key: string): void {
  ;(live.answered ??= answeredOn(live)).last = answer
  if (key) live.host.options.applied.record(key, answer.after.token)
}

/**
 * The handler, then, in its transaction, the app's store records the event with its writes: re-sent, it is
 * recognised even if this node dies now. (A handler that returned something, steps say, has not finished its
 * work yet: it is not recorded.)
 */
async function recorded(live: LiveComponent, instance: Component, handler: string, args: unknown, key: string, q: number): Promise<unknown> {
  const value = await called(instance, handler, args)
  const { engine, scope, options } = live.host
  if (value === undefined) await options.applied.committing(key, engine.seal(instance, scope.session, q).token, engine.ttl)
  return value
}

/** The handler `handler` of `instance`, called with `args`. */
async function called(instance: Component, handler: string, args: unknown): Promise<unknown> {
  return (instance as unknown as Record<string, (a: unknown) => unknown>)[handler](args)
}

/** Whether to go on after a capability took over a handler's return value (false: the run stopped). */
async function returned(live: LiveComponent, value: unknown, instance: Component): Promise<boolean> {
  for (const plugin of live.host.options.plugins?.returned ?? NONE) {
    const run = plugin.returned!(value, { instance, live: live, host: live.host, shown: () => live.settle(instance) })
    if (run) return run
  }
  return true
}

function copy(live: LiveComponent): BrowserCopy {
  const { token, claims, payload, base, diffable, childHtml } = live
  return { token, claims, payload, base, diffable, childHtml }
}

/** An event another node applied before its answer was lost: the browser gets the state it left, whole. */
async function catchUp(live: LiveComponent, token: string, q: number): Promise<boolean> {
  try {
    const { claims } = live.host.engine.verify(token, { session: live.host.scope.session, cid: live.id })
    const { instance } = await live.rebuild(claims)
    live.forgetBase()
    await live.rerender(instance, q)
    return true
  } catch {
    return false // not a token for live browser any more: run the event
  }
}

/**
 * An event re-sent after a reconnect, which this node applied before its answer was lost. The last event gets the
 * same answer; an earlier one gets the state the last left, whole, answering the events up to it (the browser
 * missed more than one answer: it holds none of the states between).
 */
async function replay(live: LiveComponent, { q: last, reply, after }: Answer, q: number): Promise<void> {
  const { host } = live
  if (reply.t === 'rm') return (host.roster.forget(live), host.send(q === last ? reply : { ...reply, q: last }))
  if (q === last) return (Object.assign(live, after), live.listen(), host.send(reply))
  live.forgetBase()
  const rebuilt = live.rebuild(after.claims)
  await live.rerender((rebuilt instanceof Promise ? await rebuilt : rebuilt).instance, last)
}
