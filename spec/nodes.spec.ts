import { expect } from 'chai'
import { apply, patchToken } from '../src/core/diff.js'
import { type RenderMessage } from '../src/wire/protocol.js'
import { getPage, startExample, WireClient, type Running } from './support/server.js'

describe('two nodes, one secret', () => {
  let one: Running
  let two: Running
  before(async () => {
    one = await startExample()
    two = await startExample()
  })
  after(async () => {
    await one.close()
    await two.close()
  })

  it('renders on node 1 over HTTP; node 2 runs the events from that token alone', async () => {
    const page = await getPage(`${one.url}/counter`)
    const [counter] = page.components
    const client = await WireClient.open(two.url, { cookie: page.cookie })
    client.send({ t: 'join', p: 'p', c: [counter] })
    let html = ''
    for (let q = 1; q <= 3; q++) {
      client.send({ t: 'ev', id: counter.id, n: q === 3 ? 'dec' : 'inc', q })
      const r = (await client.next()) as RenderMessage
      html = r.html ?? apply(html, r.d!)
    }
    expect(html).to.contain('<span class="count">1</span>')
    client.close()
  })

  it('carries on from node 2 back on node 1 with the token node 2 issued', async () => {
    const page = await getPage(`${one.url}/counter`)
    const [counter] = page.components
    const viaTwo = await WireClient.open(two.url, { cookie: page.cookie })
    viaTwo.send({ t: 'join', p: 'p', c: [counter] })
    viaTwo.send({ t: 'ev', id: counter.id, n: 'set_to', a: { amount: 41 }, q: 1 })
    const render = (await viaTwo.next()) as RenderMessage
    const tok = render.tok ?? patchToken(counter.tok, render.p!, render.s!)
    viaTwo.close()
    const viaOne = await WireClient.open(one.url, { cookie: page.cookie })
    viaOne.send({ t: 'join', p: 'p', c: [{ id: counter.id, tok }] })
    viaOne.send({ t: 'ev', id: counter.id, n: 'inc', q: 2 })
    expect(((await viaOne.next()) as { html: string }).html).to.contain('<span class="count">42</span>')
    viaOne.close()
  })
})
