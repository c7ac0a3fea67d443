import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { apply } from '../src/core/diff.js'
import { KeyRing } from '../src/core/keys.js'
import { isRender, type RenderMessage } from '../src/wire/protocol.js'
import { sign, type Claims } from '../src/core/token.js'
import { KIND_COUNT, mutation, type Sources } from './support/mutations.js'
import { Random, seedFromEnv } from './support/random.js'
import { getPage, SECRET, startExample, WireClient, type Running } from './support/server.js'

const MUTATIONS = 1_200
const SEED = seedFromEnv(9)
const sessionOf = (cookie: string) => cookie.split('=')[1]
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Claims

describe(`token mutations over a real WebSocket (seed ${SEED}; SEED=n reproduces)`, function () {
  // 2,400 round trips: on a loaded machine this takes longer than mocha's default limit
  this.timeout(120_000)
  let node: Running
  let client: WireClient
  let counter: { id: string; tok: string }
  let sources: Sources

  before(async () => {
    // every mutation on one socket, answered one by one: the budgets that would close it or refuse its pace
    // (tokenFailures, eventsPerSecond: spec/limits.spec.ts) are off here
    node = await startExample({ limits: { tokenFailures: Infinity, eventsPerSecond: Infinity } })
    const a = await getPage(`${node.url}/two`)
    const b = await getPage(`${node.url}/two`)
    const [valid, sibling] = a.components
    counter = valid
    const ring = new KeyRing([SECRET])
    const base = claimsOf(valid.tok)
    const signed = (over: Partial<Record<keyof Claims, unknown>>) => {
      const now = Math.floor(Date.now() / 1000)
      const sid = ring.bindSession(ring.current, sessionOf(a.cookie))
      return sign(ring.current, { ...base, sid, iat: now, exp: now + 60, ...over } as Claims)
    }
    const other = new KeyRing(['another-secret-0123456789abcdef'])
    const alien = sign(other.current, { ...base, sid: other.bindSession(other.current, sessionOf(a.cookie)) })
    sources = { valid: valid.tok, sibling: sibling.tok, foreign: b.components[0].tok, alien, signed }
    client = await WireClient.open(node.url, { cookie: a.cookie })
    client.send({ t: 'join', p: 'page1', c: [{ id: counter.id, tok: counter.tok }] })
  })

  after(async () => {
    client.close()
    await node.close()
  })

  it(`answers each of ${MUTATIONS} mutations with its code; the socket stays open and the next valid event applies`, async () => {
    const random = new Random(SEED)
    const families = new Map<string, number>()
    let html = ''
    let amount = 5
    let q = 0
    for (let n = 0; n < MUTATIONS; n++) {
      const m = mutation(n, random, sources)
      const what = `mutation ${n} (${m.family}: ${m.kind}) sent by ${n % 2 ? 'event' : 'join'}: ${JSON.stringify(m.tok)?.slice(0, 200)}`
      if (n % 2) client.send({ t: 'ev', id: counter.id, n: 'inc', q: ++q, tok: m.tok })
      else client.send({ t: 'join', p: 'page1', c: [{ id: counter.id, tok: m.tok }] })
      const answer = await client.next()
      expect(answer, what).to.deep.include({ t: 'err', id: counter.id, code: m.code, ...(n % 2 ? { q } : {}) })
      expect(client.open, what).to.equal(true)
      client.send({ t: 'ev', id: counter.id, n: 'inc', q: ++q })
      const render = (await client.next()) as RenderMessage
      expect(render, `the valid event after ${what}`).to.satisfy(isRender).and.include({ id: counter.id, q })
      html = render.html ?? apply(html, render.d!)
      expect(/class="count">([^<]*)</.exec(html)?.[1], `the count after ${what}`).to.equal(String(++amount))
      families.set(m.family, (families.get(m.family) ?? 0) + 1)
    }
    expect([...families.keys()].sort()).to.deep.equal(['claims', 'header', 'payload', 'signature', 'spelling', 'swap', 'truncation'])
    expect(MUTATIONS / KIND_COUNT, 'each kind at least 20 times').to.be.at.least(20)
  })

  it('answers with codes the documentation lists (the wire protocol guide)', () => {
    const readme = readFileSync(new URL('../docs/site/guide/wire.md', import.meta.url), 'utf8')
    const codes = new Set(Array.from({ length: KIND_COUNT }, (_, n) => mutation(n, new Random(SEED), sources).code))
    expect([...codes].filter((code) => !readme.includes(`\`${code}\``))).to.deep.equal([])
  })
})
