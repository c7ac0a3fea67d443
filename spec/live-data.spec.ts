// Components that show shared data (the TodoMVC ones) on the wire: what the browser receives when the data
// changes under a page, when a parent stops and starts showing a child, and when events arrive late.
import { expect } from 'chai'
import { hash } from '../src/core/diff.js'
import type { MemoryBus } from '../src/index.js'
import type { ServerMessage } from '../src/wire/protocol.js'
import { Follower } from './support/follow.js'
import { getPage, startExample, WireClient, type PageComponent, type Running } from './support/server.js'
import { until } from './support/until.js'

describe('live data on the wire', () => {
  let node: Running
  let client: WireClient
  let follow: Follower
  let components: PageComponent[]
  let html: string
  let cookie: string

  const byName = (name: string) => components.find((c) => c.name === name)!

  const bus = () => node.reactor.engine.bus as MemoryBus

  /** Loads `path` and joins its components (`held`: the HTML the browser holds of some, after a reconnect). */
  async function open(path: string): Promise<void> {
    ;({ components, html, cookie } = await getPage(`${node.url}${path}`))
    await join(components.map(({ id, tok }) => ({ id, tok })))
  }

  async function join(held: Array<{ id: string; tok: string; h?: string }>, again = false): Promise<void> {
    client = await WireClient.open(node.url, { cookie })
    client.send({ t: 'join', p: 'p', c: held, ...(again ? { r: 1 } : {}) })
    follow = new Follower(client)
    await until(() => bus().channels.count('item') > 0, 'the page to join')
  }

  beforeEach(async () => {
    node = await startExample()
  })
  afterEach(async () => {
    client.close()
    await node.close()
  })

  it('re-renders a subscribed component on the first broadcast after its page loaded', async () => {
    await node.todos.add('first')
    await open('/todo')
    const counter = byName('x-todo-counter')
    await node.todos.update(1, { completed: true })
    expect(await follow.next(counter.id)).to.contain('<strong>0</strong> items left')
  })

  it('brings a component up to date when its page rejoins after missing broadcasts, and sends nothing when it is', async () => {
    await node.todos.add('first')
    await open('/todo')
    const counter = byName('x-todo-counter')
    const shown = /<span id="[^"]+" reactor-component="x-todo-counter" state="[^"]*"([^>]*>.*?<\/span>)/.exec(html)![1]
    const bare = `<span id="${counter.id}" reactor-component="x-todo-counter" state=""${shown}`
    client.close()
    await until(() => bus().channels.count('item') === 0, 'the page to leave')
    await node.todos.update(1, { completed: true }) // while the page is away
    await join([{ id: counter.id, tok: counter.tok, h: hash(bare) }])
    const now = await follow.next(counter.id)
    expect(now).to.contain('<strong>0</strong> items left')
    // back again, holding the current HTML: no render until the next change, which comes as a diff
    client.close()
    await until(() => bus().channels.count('item') === 0, 'the page to leave')
    await join([{ id: counter.id, tok: counter.tok, h: hash(now) }])
    await node.todos.add('second')
    const next = await client.next((m) => 'id' in m && m.id === counter.id)
    expect(next).to.have.property('d')
  })

  it('brings a component that never got a render since its page loaded up to date when the page rejoins', async () => {
    await node.todos.add('first')
    await open('/todo')
    const counter = byName('x-todo-counter')
    client.close()
    await until(() => bus().channels.count('item') === 0, 'the page to leave')
    await node.todos.update(1, { completed: true }) // while the page is away
    // no HTML text to hash (only the first page's), but the page says it is joining again
    await join([{ id: counter.id, tok: counter.tok }], true)
    expect(await follow.next(counter.id)).to.contain('<strong>0</strong> items left')
  })

  it('shows a child again, whole, after its parent stopped showing it for a while', async () => {
    await node.todos.add('errand')
    await open('/todo/active')
    const list = byName('x-todo-list')
    await node.todos.update(1, { completed: true })
    expect(await follow.until(list.id, (html) => !html.includes('errand'))).to.not.contain('x-todo-item')
    await node.todos.update(1, { completed: false })
    const shown = await follow.until(list.id, (html) => html.includes('x-todo-item'))
    expect(shown, 'the child’s content, not an empty root').to.match(/<label on:dblclick="edit">errand<\/label>/)
  })

  it('answers an event for a component that just left the page with its removal, not an error', async () => {
    await node.todos.add('gone soon')
    await open('/todo')
    const item = byName('x-todo-item')
    client.send({ t: 'ev', id: item.id, n: 'remove', q: 1 })
    expect(await client.next((m) => m.t === 'rm')).to.deep.equal({ t: 'rm', id: item.id, q: 1 })
    client.send({ t: 'ev', id: item.id, n: 'save', a: { text: 'late' }, q: 2 })
    const late = await client.next((m) => 'id' in m && m.id === item.id)
    expect(late).to.deep.equal({ t: 'rm', id: item.id, q: 2 } satisfies ServerMessage)
    expect(await node.todos.list()).to.deep.equal([])
  })
})
