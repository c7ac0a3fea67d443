import { expect } from 'chai'
import Database from 'better-sqlite3'
import { SqliteData } from '../example/sqlite.js'
import { MemoryBus, Reactor, type Change, type Relation } from '../src/index.js'
import { channelNames, familiesOf } from '../src/realtime/models.js'
import { SECRET, temporaryDatabase } from './support/server.js'

const ALL = familiesOf(true)

describe('auto-broadcast channel names (the seed’s REACTOR_AUTO_BROADCAST)', () => {
  const item = (action: 'create' | 'update' | 'delete', related?: Relation[]): Change => ({ action, model: 'item', pk: 5, related })

  it('names a created, updated and deleted record: MODEL and MODEL_PK', () => {
    expect(channelNames(item('create'), ALL)).to.deep.equal(['item', 'item.new', 'item.5'])
    expect(channelNames(item('update'), ALL)).to.deep.equal(['item', 'item.5'])
    expect(channelNames(item('delete'), ALL)).to.deep.equal(['item', 'item.del', 'item.5'])
  })

  it('names the records a foreign key points at: RELATED, with .new and .del', () => {
    const inList = [{ model: 'list', pk: 1 }]
    expect(channelNames(item('create', inList), ALL)).to.deep.equal(['item', 'item.new', 'item.5', 'list.1.item', 'list.1.item.new'])
    expect(channelNames(item('update', inList), ALL)).to.deep.equal(['item', 'item.5', 'list.1.item'])
    expect(channelNames(item('delete', inList), ALL)).to.deep.equal(['item', 'item.del', 'item.5', 'list.1.item', 'list.1.item.del'])
    expect(channelNames(item('update', [{ model: 'list', pk: 1, name: 'entries' }, { model: 'owner', pk: null }]), ALL), 'a related name; a null key')
      .to.deep.equal(['item', 'item.5', 'list.1.entries'])
  })

  it('names both ends of many-to-many links: M2M', () => {
    const link: Change = { action: 'add', model: 'item', pk: 3, field: 'tags', other: 'tag', otherField: 'item', pks: [7, 8] }
    expect(channelNames(link, ALL)).to.deep.equal(['tag.7.item', 'tag.7.item.3', 'tag.8.item', 'tag.8.item.3', 'item.3.tags', 'item.3.tags.7', 'item.3.tags.8'])
    expect(channelNames({ ...link, action: 'remove', pks: [7] }, ALL)).to.deep.equal(['tag.7.item', 'tag.7.item.3', 'item.3.tags', 'item.3.tags.7'])
    const tagged = item('update', [{ model: 'tag', pk: 7, m2m: true }])
    expect(channelNames(tagged, ALL), 'a record’s links under RELATED').to.include('tag.7.item')
    expect(channelNames(tagged, familiesOf({ RELATED: true })), 'only with M2M on').to.deep.equal([])
  })

  it('switches each family on its own, like the seed’s dict setting', () => {
    const change = item('create', [{ model: 'list', pk: 1 }])
    expect(channelNames(change, familiesOf({ MODEL: true }))).to.deep.equal(['item', 'item.new'])
    expect(channelNames(change, familiesOf({ MODEL_PK: true }))).to.deep.equal(['item.5'])
    expect(channelNames(change, familiesOf({ RELATED: true }))).to.deep.equal(['list.1.item', 'list.1.item.new'])
    expect(channelNames(change, familiesOf(false))).to.deep.equal([])
    expect(channelNames({ action: 'clear', model: 'item', pk: 3, field: 'tags', other: 'tag', otherField: 'item', pks: [] }, familiesOf({ MODEL: true }))).to.deep.equal([])
  })

  it('refuses a malformed change or setting with a clear error', () => {
    expect(() => channelNames({ action: 'create', model: 'to.do', pk: 1 }, ALL)).to.throw(TypeError, /model name .*"to.do"/)
    expect(() => channelNames({ action: 'create', model: 'item' } as unknown as Change, ALL)).to.throw(TypeError, /primary key of item/)
    expect(() => channelNames({ action: 'upsert', model: 'item', pk: 1 } as unknown as Change, ALL)).to.throw(TypeError, /create, update, delete/)
    expect(() => familiesOf({ MODELS: true } as never)).to.throw(/no family MODELS/)
  })
})

describe('auto-broadcast through a data layer (the SQLite adapter)', () => {
  let database: ReturnType<typeof temporaryDatabase>
  let data: SqliteData
  let bus: MemoryBus & { published: string[] }
  let reactor: Reactor

  beforeEach(() => {
    database = temporaryDatabase()
    data = new SqliteData(database.file, { list: {}, item: { foreignKeys: { list_id: { model: 'list' } } }, tag: {} }, {
      tags: { table: 'item_tag', from: { model: 'item', column: 'item_id', field: 'tags' }, to: { model: 'tag', column: 'tag_id', field: 'item' } },
    })
    data.db.exec(`CREATE TABLE list (id INTEGER PRIMARY KEY); CREATE TABLE tag (id INTEGER PRIMARY KEY);
      CREATE TABLE item (id INTEGER PRIMARY KEY, title TEXT, list_id INTEGER REFERENCES list(id));
      CREATE TABLE item_tag (item_id INTEGER, tag_id INTEGER, PRIMARY KEY (item_id, tag_id))`)
    bus = Object.assign(new MemoryBus(), { published: [] as string[] })
    const publish = bus.publish.bind(bus)
    bus.publish = (name) => (bus.published.push(name), publish(name))
    reactor = new Reactor({ secret: SECRET, bus, changes: data, autoBroadcast: true, transaction: data.transaction })
  })
  afterEach(async () => {
    await reactor.close()
    data.close()
    database.remove()
  })

  it('publishes the names of a handler’s changes once its transaction committed, where every node reads them', async () => {
    const reader = new Database(database.file, { readonly: true })
    const seen: unknown[] = []
    bus.subscribe('item.new', () => seen.push(reader.prepare('SELECT title FROM item').get()))
    await reactor.transaction(async () => {
      const list = data.insert('list', {})
      data.insert('item', { title: 'milk', list_id: list.id })
      expect(bus.published, 'nothing before the commit').to.deep.equal([])
    })
    expect(bus.published).to.deep.equal(['list', 'list.new', 'list.1', 'item', 'item.new', 'item.1', 'list.1.item', 'list.1.item.new'])
    expect(seen).to.deep.equal([{ title: 'milk' }])
    reader.close()
  })

  it('publishes nothing for a transaction that failed, and keeps none of its changes', async () => {
    const failed = await reactor.transaction(async () => {
      data.insert('item', { title: 'lost' })
      throw new Error('handler failed')
    }).catch((error: Error) => error.message)
    expect(failed).to.equal('handler failed')
    expect(bus.published).to.deep.equal([])
    expect(data.get('item', 1)).to.equal(undefined)
  })

  it('publishes a change made outside a transaction at once (it is committed already)', () => {
    data.insert('list', {})
    data.insert('item', { title: 'tea', list_id: 1 })
    bus.published.length = 0
    data.update('item', 1, { title: 'green tea' })
    expect(bus.published).to.deep.equal(['item', 'item.1', 'list.1.item'])
    data.delete('item', 1)
    expect(bus.published.slice(3)).to.deep.equal(['item', 'item.del', 'item.1', 'list.1.item', 'list.1.item.del'])
  })

  it('publishes many-to-many links in both directions', async () => {
    await reactor.transaction(async () => {
      data.insert('item', { title: 'bread' })
      data.insert('tag', {})
      data.insert('tag', {})
    })
    bus.published.length = 0
    await reactor.transaction(async () => data.link('tags', 1, [1, 2]))
    expect(bus.published).to.deep.equal(['tag.1.item', 'tag.1.item.1', 'tag.2.item', 'tag.2.item.1', 'item.1.tags', 'item.1.tags.1', 'item.1.tags.2'])
    bus.published.length = 0
    data.unlink('tags', 1, [2, 3])
    expect(bus.published, 'only the links that existed').to.deep.equal(['tag.2.item', 'tag.2.item.1', 'item.1.tags', 'item.1.tags.2'])
  })

  it('publishes nothing when autoBroadcast is off', async () => {
    await reactor.close()
    reactor = new Reactor({ secret: SECRET, bus, changes: data, transaction: data.transaction })
    await reactor.transaction(async () => data.insert('item', { title: 'quiet' }))
    expect(bus.published).to.deep.equal([])
  })
})
