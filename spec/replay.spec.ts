import { expect } from 'chai'
import { patchToken } from '../src/core/diff.js'
import { isRender, type RenderMessage, type ServerMessage } from '../src/wire/protocol.js'
import { XOnce } from './fixtures/replay.js'
import { RedisServer } from './support/redis.js'
import { getPage, startExample, WireClient, type Running } from './support/server.js'

type Answer = RenderMessage | Extract<ServerMessage, { t: 'ack' | 'err' }>
const oncePage = async (ctx: { path: string; render(view: string): Promise<void> }, next: () => Promise<void>) =>
  ctx.path === '/once' ? ctx.render('once.pug') : next()

const seqOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).seq ?? 0) as number

/** One tab: a socket, the page's tokens as the browser keeps them, and sequence numbers that go on from theirs. */
class Tab {
  private q: number
  private constructor(readonly client: WireClient, readonly tokens: Map<string, string>) {
    this.q = Math.max(...[...tokens.values()].map(seqOf))
  }

  static async open(node: Running, cookie: string, tokens: Map<string, string>): Promise<Tab> {
    const tab = new Tab(await WireClient.open(node.url, { cookie }), new Map(tokens))
    tab.client.send({ t: 'join', p: `page-${Math.random()}`, c: [...tab.tokens].map(([id, tok]) => ({ id, tok })) })
    return tab
  }

  async event(id: string, n: string): Promise<Answer> {
    const q = ++this.q
    this.client.send({ t: 'ev', id, n, q })
    const answer = (await this.client.next((m) => 'q' in m && m.q === q)) as Answer
    const held = this.tokens.get(id)!
    if ('tok' in answer && answer.tok) this.tokens.set(id, answer.tok)
    else if ('s' in answer && answer.s) this.tokens.set(id, patchToken(held, answer.p!, answer.s))
    return answer
  }

  close(): void {
    this.client.close()
  }
}

function behaves(start: (redis?: string) => Promise<Running[]>, withRedis: boolean) {
  let redis: RedisServer | undefined
  let nodes: Running[]
  let cookie: string
  let page: Map<string, string>
  const tabs: Tab[] = []
  const tab = async (tokens = page, node = nodes.at(-1)!) => {
    const opened = await Tab.open(node, cookie, tokens)
    tabs.push(opened)
    return opened
  }

  beforeEach(async () => {
    redis = withRedis ? await RedisServer.start() : undefined
    nodes = await start(redis?.url)
    const loaded = await getPage(`${nodes[0].url}/once`)
    cookie = loaded.cookie
    page = new Map(loaded.components.map((c) => [c.id, c.tok]))
  })

  afterEach(async () => {
    for (const t of tabs.splice(0)) t.close()
    for (const node of nodes) await node.close()
    await redis?.stop()
  })

  it('refuses an event from an older state of the component (the back button) as replayed', async () => {
    const first = await Tab.open(nodes[0], cookie, page)
    tabs.push(first)
    expect(await first.event('once', 'inc')).to.satisfy(isRender)
    const afterOne = new Map(first.tokens)
    expect(await first.event('once', 'inc')).to.satisfy(isRender)
    for (const older of [page, afterOne]) {
      const back = await tab(older)
      const answer = await back.event('once', 'inc')
      expect(answer).to.include({ t: 'err', id: 'once', code: 'replayed' })
      expect((answer as { msg: string }).msg).to.match(/reload the page/)
    }
    expect(await first.event('once', 'inc'), 'the newest state goes on').to.satisfy(isRender)
  })

  it('lets the newest state go on from another socket, and then refuses the tab it came from', async () => {
    const first = await Tab.open(nodes[0], cookie, page)
    tabs.push(first)
    await first.event('once', 'inc')
    const copy = await tab(first.tokens)
    expect(await copy.event('once', 'inc')).to.satisfy(isRender)
    expect(await first.event('once', 'inc')).to.include({ t: 'err', code: 'replayed' })
  })

  it('moves the token on for an event that changes nothing, and keeps the mark for one whose handler throws', async () => {
    const first = await tab()
    const before = first.tokens.get('once')
    expect(await first.event('once', 'same')).to.satisfy(isRender)
    expect(first.tokens.get('once'), 'a new token, with the new seq').not.to.equal(before)
    expect(await first.event('once', 'boom')).to.include({ t: 'err', code: 'handler-failed' })
    expect(await first.event('once', 'inc')).to.satisfy(isRender)
  })

  it('lets a reloaded page (a new mount, the same element id) start again', async () => {
    const first = await tab()
    await first.event('once', 'inc')
    const reloaded = await getPage(`${nodes[0].url}/once`, cookie)
    const fresh = await tab(new Map(reloaded.components.map((c) => [c.id, c.tok])))
    expect(await fresh.event('once', 'inc')).to.satisfy(isRender)
  })

  if (withRedis) {
    it('answers replay-unavailable while Redis is down, never running the event unchecked, and goes on once it is back', async () => {
      const first = await tab()
      expect(await first.event('once', 'inc')).to.satisfy(isRender)
      await redis!.stop()
      const refused = await first.event('once', 'inc')
      expect(refused).to.include({ t: 'err', code: 'replay-unavailable' })
      expect((refused as { msg: string }).msg).to.match(/send the event again/)
      await redis!.start()
      let answer = refused
      for (let i = 0; i < 100 && answer.t === 'err'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        answer = await first.event('once', 'inc')
      }
      expect(answer, 'the event applied once Redis is back').to.satisfy(isRender)
      expect(JSON.parse(Buffer.from(first.tokens.get('once')!.split('.')[1], 'base64url').toString()).st.amount, 'the refused events did not run').to.equal(2)
    })
  }

  it('leaves components that did not opt in as they are: an older token still runs', async () => {
    const counter = [...page.keys()].find((id) => id !== 'once')!
    const first = await tab()
    await first.event(counter, 'inc')
    expect(await (await tab(page)).event(counter, 'inc')).to.satisfy(isRender)
  })
}

describe('replay protection (static replay)', () => {
  describe('on one node, marks in memory', () => {
    behaves(async () => [await startExample({ components: [XOnce] }, { routes: [oncePage as never] })], false)
  })

  describe('on two nodes, marks in Redis', () => {
    behaves(async (redis) => [
      await startExample({ components: [XOnce], redis }, { routes: [oncePage as never] }),
      await startExample({ components: [XOnce], redis }, { routes: [oncePage as never] }),
    ], true)
  })
})
