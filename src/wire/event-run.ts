// An event's run on a component of the socket: the checks (already applied, its user, its handler and arguments,
// the capabilities' verdicts), the handler in the app's transaction, then the render and the answer, remembered
// for an event re-sent after a reconnect.
import { runtime, type Component } from '../core/component.js'
import { at } from '../core/plugin.js'
import type { Answer } from './applied.js'
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
  const key = `${live.claims.sid}:${host.page}:${live.id}:${q}`
  if (q !== undefined && (live.claims.seq ?? 0) >= q) return host.send({ t: 'ack', id: live.id, q })
  const earlier = q === undefined ? undefined : applied.answer(key)
  if (earlier) return replay(live, earlier)
  const left = r && (await applied.elsewhere(key))
  if (left && (await catchUp(live, left, q!))) return
  const { instance, entry } = await live.rebuild()
  // (what is not a promise is not awaited: each await costs every event a turn of the microtask queue)
  const allowed = instance.allowed()
  if (!(typeof allowed === 'boolean' ? allowed : await allowed)) return live.deny(instance, q)
  const about = { component: entry.name, handler: n }
  const checked = checkedCall(entry, event)
  const call = checked instanceof Promise ? await checked : checked
  for (const { plugin, use } of q === undefined ? NONE : entry.hooks.checked ?? NONE) if (await plugin.checked!(use, live, instance, event, call)) return
  if ('code' in call) return host.fail(call.code, call.msg, live.id, q, about)
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
    const call = async () => (instance as unknown as Record<string, (a: unknown) => unknown>)[n](args)
    const work = applied.durable && q !== undefined ? () => recorded(live, instance, call, key, q) : call
    const around = host.engine.registry.around
    const result = await (around ? at(around, { at: 'handler', live, instance, handler: n }, transact, host.options, work) : host.options.transaction(work))
    if (result !== undefined && !(await returned(live, result, instance))) return
  } catch (error) {
    await undo?.()
    return host.fail('handler-failed', `${entry.name}.${n} failed: ${(error as Error)?.message}`, live.id, q, { ...about, error })
  }
  if (before) watch!.forEach(({ plugin, use }, i) => { for (const msg of plugin.handled!(use, instance, n, before[i]) ?? NONE) host.send(msg) })
  let reply: ServerMessage | undefined
  try {
    reply = await live.settle(instance, q)
  } catch (error) {
    await undo?.() // the browser keeps the state it had, and so does the mark
    throw error
  }
  if (reply && q !== undefined) applied.remember(key, { reply, after: copy(live) })
}

/**
 * The handler, then, in its transaction, the app's store records the event with its writes: re-sent, it is
 * recognised even if this node dies now. (A handler that returned something, steps say, has not finished its
 * work yet: it is not recorded.)
 */
async function recorded(live: LiveComponent, instance: Component, call: () => Promise<unknown>, key: string, q: number): Promise<unknown> {
  const value = await call()
  const { engine, scope, options } = live.host
  if (value === undefined) await options.applied.committing(key, engine.seal(instance, scope.session, q).token, engine.ttl)
  return value
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

/** An event re-sent after a reconnect whose answer was lost: the same answer, and the state it leaves. */
function replay(live: LiveComponent, { reply, after }: Answer): void {
  if (reply.t === 'rm') live.host.roster.forget(live)
  else (Object.assign(live, after), live.listen())
  live.host.send(reply)
}
