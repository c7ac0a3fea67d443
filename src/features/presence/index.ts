// Presence: who is on a topic, on every node. A component tracks itself on a topic (`this.presence(topic)
// .track(meta)`); the entry travels in its token as a topic and a small meta (the `pre` claim), and the socket
// that holds the component keeps it in the store while it is joined. A component that lists a topic re-renders
// when an entry comes, changes or goes (the broadcast `presence:<topic>`). One node: in memory. A cluster: Redis
// (redis.ts), where entries expire unless their node renews them, so a dead node's users go too.
//
// The plugin declares no class: a component takes presence up when it tracks a topic (a runtime slot holds its
// topics), or when its token carries `pre`; a socket's component keeps its entries in a slot of its own.
import { randomBytes } from 'node:crypto'
import { runtime, type Component, type ComponentClass } from '../../core/component.js'
import { pluginOf, slot } from '../../core/plugin.js'
import type { Claims } from '../../core/token.js'
import type { Feature, Plugin } from '../../koa/plugin.js'
import type { LiveComponent } from '../../wire/live.js'
import { presenceFor } from './redis.js'
import { MAX_META_BYTES, presenceChannel, type Meta, type Present, type PresenceStore } from './store.js'

export { MAX_META_BYTES, MemoryPresence, presenceChannel, type Meta, type Present, type PresenceStore } from './store.js'

declare module '../../koa/options.js' {
  // (the same type parameters as the interface it adds to)
  interface ReactorOptions<Components extends readonly ComponentClass[] = readonly ComponentClass[]> {
    /** where presence entries live; default Redis with the Redis bus (entries expire unless renewed), else memory */
    presence?: PresenceStore | undefined
  }
}

/** A component's topics, with its meta: what its token carries as `pre`. */
type Tracks = Record<string, Meta>

const NAME = 'presence'

interface PresencePlugin extends Plugin {
  /** where this Reactor keeps the entries */
  readonly store: PresenceStore
}

/** What `this.presence(topic)` gives a component. */
export class Topic {
  constructor(readonly topic: string, private readonly instance: Component<unknown>) {}

  /** Puts this component on the topic with `meta` (small: it travels in the token) while its page is joined. */
  track(meta: Meta = {}): this {
    const size = Buffer.byteLength(JSON.stringify(meta) ?? '')
    if (size > MAX_META_BYTES) throw new Error(`koa-reactor: presence meta for ${this.topic} is ${size} bytes; keep it under ${MAX_META_BYTES} (an id and a name, not a record)`)
    slot<Tracks>(this.instance, NAME, () => ({}))[this.topic] = JSON.parse(JSON.stringify(meta))
    return this
  }

  /** Takes this component off the topic. */
  untrack(): this {
    const tracks = slot<Tracks>(this.instance, NAME)
    if (tracks) delete tracks[this.topic]
    return this
  }

  /** Who is on the topic; the component is then re-rendered whenever that changes, on any node. */
  async list(): Promise<Present[]> {
    const plugin = pluginOf<PresencePlugin>(this.instance, NAME)
    if (!plugin) throw new Error('koa-reactor: presence needs a Reactor (this component was not built by one)')
    const rt = this.instance[runtime]
    ;(rt.subscriptions ??= new Set()).add(presenceChannel(this.topic))
    return plugin.store.list(this.topic)
  }
}

/** The topics one component tracks from one socket, kept in step with its newest token. */
export class Tracked {
  // made on first use: most components track nothing, and every idle socket's component pays for what it holds
  private ownId?: string
  private heldTopics?: Map<string, string>

  constructor(
    private readonly store: PresenceStore | undefined,
    /** after this component joined a topic: it re-renders too (its own broadcast may reach no listener yet) */
    private readonly joined: (topic: string) => void,
    private readonly fail: (error: unknown) => void,
  ) {}

  get id(): string {
    return (this.ownId ??= randomBytes(9).toString('base64url'))
  }

  /** Joins the topics `wanted` names (again when its meta changed) and leaves the others. */
  sync(wanted: Tracks = {}): void {
    if (!this.store) return
    this.clear(wanted)
    for (const [topic, meta] of Object.entries(wanted)) {
      const text = JSON.stringify(meta)
      const held = (this.heldTopics ??= new Map())
      if (held.get(topic) === text) continue
      held.set(topic, text)
      this.store.join(topic, this.id, meta).then(() => this.joined(topic), this.fail)
    }
  }

  /** Leaves the topics held that `kept` does not name (all of them by default). */
  clear(kept: Tracks = {}): void {
    for (const topic of this.heldTopics?.keys() ?? []) if (!Object.hasOwn(kept, topic)) this.leave(topic)
  }

  private leave(topic: string): void {
    this.heldTopics?.delete(topic)
    this.store?.leave(topic, this.id).catch(this.fail)
  }
}

/** one object for every Reactor: a claim's check is declared once */
const claims = { pre: (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) }

/** The entries a socket's component keeps in the store (made when its token first carries a topic). */
function trackedOn(live: LiveComponent, store: PresenceStore): Tracked {
  const slots = (live.slots ??= {})
  const failed = (error: unknown) => live.host.options.log.error(`koa-reactor: presence of #${live.id} failed`, error)
  return ((slots[NAME] as Tracked | undefined) ??= new Tracked(store, (topic) => live.broadcasted(presenceChannel(topic)), failed))
}

/** The capability, with the Reactor's store (the `presence` option, else one where the bus reaches). */
export const presence: Feature = (app) => {
  const store = app.options.presence ?? presenceFor(app.bus)
  const plugin: PresencePlugin = {
    name: NAME,
    store,
    claims,
    shown: (claims: Claims) => claims.pre,
    rebuilt: (_use, instance, claims) => void slot<Tracks>(instance, NAME, () => ({ ...claims.pre })),
    seal: (_use, instance, claims) => {
      const tracks = slot<Tracks>(instance, NAME)
      if (tracks && Object.keys(tracks).length) claims.pre = tracks
    },
    held: (_use, live, claims) => trackedOn(live, store).sync(claims.pre),
    gone: (_use, live) => (live.slots?.[NAME] as Tracked | undefined)?.clear(),
    close: () => store.close(),
  }
  return plugin
}
