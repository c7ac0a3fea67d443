import { expect } from 'chai'
import { type RenderMessage } from '../src/wire/protocol.js'
import { pageTarget } from './support/fuzz.js'
import { fuzz } from './support/fuzz-run.js'
import { seedFromEnv } from './support/random.js'
import { getPage, startExample, WireClient, type Running } from './support/server.js'

const FRAMES = 3_000
const SEED = seedFromEnv(2026)

describe(`message fuzzer, short form (${FRAMES} frames, seed ${SEED}; SEED=n reproduces)`, function () {
  // thousands of frames: on a loaded machine this takes longer than mocha's default limit
  this.timeout(120_000)
  let node: Running

  before(async () => {
    node = await startExample()
  })

  after(async () => {
    await node.close()
  })

  it('leaves the node up, answering every frame it answers with a well-formed message', async () => {
    const page = await getPage(`${node.url}/two`)
    const target = pageTarget(page.components)
    const run = await fuzz(node.url, page.cookie, target, FRAMES, SEED)
    expect(run.malformed).to.deep.equal([])
    expect(run.kinds, 'events ran and rendered').to.include.keys('render', 'ack', 'err handler-failed', 'err bad-arguments')
    expect(run.frames).to.equal(FRAMES)
    expect(run.answers, 'the node answered').to.be.greaterThan(FRAMES / 2)

    const after = await getPage(`${node.url}/two`)
    expect(after.components).to.have.length(2)
    const client = await WireClient.open(node.url, { cookie: after.cookie })
    const [counter] = after.components
    client.send({ t: 'join', p: 'after', c: [{ id: counter.id, tok: counter.tok }] })
    client.send({ t: 'ev', id: counter.id, n: 'inc', q: 1 })
    const render = (await client.next((m) => 'q' in m && m.q === 1)) as RenderMessage
    client.close()
    expect(render.html).to.match(/class="count">6</)
  })
})
