// Auto-broadcast (the seed's REACTOR_AUTO_BROADCAST): a data layer reports each change it makes to a record,
// and the channel names the seed derives from it are published once the change is committed.
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Bus } from './bus/bus.js'

/** Wraps a handler in the app's transaction; `onCommit` work and broadcasts run after it resolves. */
export type Transaction = <T>(work: () => Promise<T>) => Promise<T>

export type Pk = string | number

/** A foreign key of the changed record (or, with `m2m`, one of its many-to-many links). */
export interface Relation {
  /** the model it points at, for example `list` */
  model: string
  /** the primary key it points at; a null foreign key is skipped */
  pk: Pk | null | undefined
  /** the name the target knows this relation by (Django's related_query_name); default: the changed model */
  name?: string
  /** a many-to-many link: only published when the M2M family is on */
  m2m?: boolean
}

/** A record was created, updated or deleted. */
export interface RecordChange {
  action: 'create' | 'update' | 'delete'
  /** the model's name, as the channel names use it: lower case, like Django's model_name (`item`) */
  model: string
  pk: Pk
  /** the records it points at (for a delete: those it pointed at) */
  related?: readonly Relation[]
}

/** Links of a many-to-many relation were added, removed or cleared (Django's m2m_changed). */
export interface LinkChange {
  action: 'add' | 'remove' | 'clear'
  /** the side whose field changed, and that record's key: `item` 3 */
  model: string
  pk: Pk
  /** that side's field: `tags` */
  field: string
  /** the model at the other end (`tag`) and the name it knows the relation by (`item`) */
  other: string
  otherField: string
  /** the keys at the other end that were linked or unlinked */
  pks: readonly Pk[]
}

export type Change = RecordChange | LinkChange

/** What a data layer implements: it calls `listener` with every change it makes, as it makes it. */
export interface ChangeFeed {
  /**
   * Returns a function that stops listening. `resync`, if the feed calls it, means changes may have been missed
   * (a lost connection): every subscribed component of this node re-renders once.
   */
  subscribe(listener: (change: Change) => void, resync?: () => void): () => void
  /**
   * true: every node hears every change by itself (a database's notifications, as `PostgresFeed`), so the names
   * are delivered on this node only, never published on the bus (which would deliver them once per node).
   */
  readonly everyNode?: boolean
}

/** The seed's families of names; each can be switched off. */
export interface Families {
  /** `item` on every change, plus `item.new` on create and `item.del` on delete */
  MODEL: boolean
  /** `item.<pk>` */
  MODEL_PK: boolean
  /** `list.<pk>.item` for each foreign key, plus `.new` / `.del` */
  RELATED: boolean
  /** many-to-many links, both directions */
  M2M: boolean
}

/** `true`: every family; `false`: none; an object: the families set to true (the seed's dict setting). */
export type AutoBroadcastSetting = boolean | Partial<Families>

export function familiesOf(setting: AutoBroadcastSetting | undefined): Families {
  const all = setting === true
  const given = typeof setting === 'object' && setting !== null ? setting : {}
  const unknown = Object.keys(given).filter((k) => !['MODEL', 'MODEL_PK', 'RELATED', 'M2M'].includes(k))
  if (unknown.length) throw new Error(`koa-reactor: autoBroadcast has no family ${unknown.join(', ')}; use MODEL, MODEL_PK, RELATED and M2M`)
  return { MODEL: all || !!given.MODEL, MODEL_PK: all || !!given.MODEL_PK, RELATED: all || !!given.RELATED, M2M: all || !!given.M2M }
}

const SEGMENT = /^[^\s.]+$/

function segment(value: unknown, what: string): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value
  if (typeof text !== 'string' || !SEGMENT.test(text)) {
    throw new TypeError(`koa-reactor: a model change needs ${what} as a non-empty string or number without dots or spaces, got ${JSON.stringify(value)}`)
  }
  return text
}

/** The channel names of one change, in the seed's order, each once. Throws a TypeError on a malformed change. */
export function channelNames(change: Change, families: Families): string[] {
  return [...new Set(isLink(change) ? linkNames(change, families) : recordNames(change, families))]
}

function isLink(change: Change): change is LinkChange {
  return change.action === 'add' || change.action === 'remove' || change.action === 'clear'
}

function recordNames(change: RecordChange, f: Families): string[] {
  if (!['create', 'update', 'delete'].includes(change.action)) {
    throw new TypeError(`koa-reactor: a model change has action create, update, delete, add, remove or clear, got ${JSON.stringify(change.action)}`)
  }
  const model = segment(change.model, 'a model name')
  const pk = segment(change.pk, `the primary key of ${model}`)
  const suffix = change.action === 'create' ? '.new' : change.action === 'delete' ? '.del' : ''
  const names: string[] = []
  if (f.MODEL) names.push(model, ...(suffix ? [model + suffix] : []))
  if (f.MODEL_PK) names.push(`${model}.${pk}`)
  if (f.RELATED) {
    for (const r of change.related ?? []) {
      if (r.pk === null || r.pk === undefined || (r.m2m && !f.M2M)) continue
      const base = `${segment(r.model, 'a related model name')}.${segment(r.pk, `the key of the related ${r.model}`)}.${segment(r.name ?? model, 'a relation name')}`
      names.push(base, ...(suffix ? [base + suffix] : []))
    }
  }
  return names
}

function linkNames(change: LinkChange, f: Families): string[] {
  if (!f.M2M) return []
  const model = segment(change.model, 'a model name')
  const pk = segment(change.pk, `the primary key of ${model}`)
  const field = segment(change.field, `the many-to-many field of ${model}`)
  const other = segment(change.other, 'the other model of the link')
  const otherField = segment(change.otherField, `the name ${other} knows the link by`)
  const pks = (change.pks ?? []).map((p) => segment(p, `a key of ${other}`))
  return [
    ...pks.flatMap((p) => [`${other}.${p}.${otherField}`, `${other}.${p}.${otherField}.${pk}`]),
    `${model}.${pk}.${field}`,
    ...pks.map((p) => `${model}.${pk}.${field}.${p}`),
  ]
}

/**
 * Turns reported changes into published names. Inside `around(transaction)` the names wait for the
 * transaction to commit (and are dropped if it throws); outside one, a change is already committed.
 */
export class AutoBroadcast {
  private readonly held = new AsyncLocalStorage<Set<string>>()
  readonly families: Families

  constructor(private readonly publish: (name: string) => Promise<void>, setting: AutoBroadcastSetting | undefined) {
    this.families = familiesOf(setting)
  }

  /** Reports one change: its names are published after the surrounding transaction commits, or now. */
  changed(change: Change): void {
    const names = channelNames(change, this.families)
    const held = this.held.getStore()
    if (held) for (const name of names) held.add(name)
    else void this.flush(names)
  }

  /** Wraps the app's transaction: names reported while it runs are published once it resolved. */
  around(transaction: Transaction): Transaction {
    // with no family on there is nothing to hold, and a first `run` of an AsyncLocalStorage turns on Node's
    // promise hooks for the whole process: every promise of every event would pay for them
    if (!Object.values(this.families).some(Boolean)) return transaction
    return async (work) => {
      if (this.held.getStore()) return transaction(work)
      const held = new Set<string>()
      const result = await this.held.run(held, () => transaction(work))
      await this.flush([...held])
      return result
    }
  }

  private async flush(names: string[]): Promise<void> {
    await Promise.all(names.map((name) => this.publish(name)))
  }
}

/**
 * How auto-broadcast sends a name: published on the bus, or, for a feed that every node hears by itself,
 * delivered to this node's listeners (published, each node would deliver it once per node).
 */
export function publisherFor(bus: Bus, feed: ChangeFeed | undefined): (name: string) => Promise<void> {
  if (!feed?.everyNode) return (name) => bus.publish(name)
  const channels = bus.channels
  if (!channels) throw new Error('koa-reactor: a change feed that every node hears (PostgresFeed) needs a bus with this node\'s channels (MemoryBus, RedisBus); give it as `bus`, or leave `bus` out')
  return async (name) => channels.deliver(name)
}

/** Changes may have been missed (a feed's lost connection): every subscribed component of this node re-renders once. */
export function catchUp(bus: Bus): void {
  const channels = bus.channels
  for (const name of channels?.names ?? []) channels!.deliver(name, true)
}
