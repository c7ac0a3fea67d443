// The HTTP transport's server side, through real HTTP on two example nodes over a real Redis: a stream on one
// node, its frames POSTed to the other (relayed to the stream's node), and bad input: a forged, foreign or
// expired ticket, a stream that is gone, an oversize body, another site's Origin.
import { expect } from 'chai'
import { signTicket } from '../src/core/tickets.js'
import { HttpStream, TRANSPORT } from './support/http-stream.js'
import { getPage, type PageComponent, type Running } from './support/server.js'
import { useTwoNodes } from './support/two-nodes.js'
import { until } from './support/until.js'

describe('the HTTP transport', function () {
  const nodes = useTwoNodes()
  let one: Running
  let two: Running
  let cookie: string
  let counter: PageComponent
  const streams: HttpStream[] = []

  async function stream(node: Running): Promise<HttpStream> {
    const s = await HttpStream.open(node.url, cookie)
    streams.push(s)
    return s
  }

  const join = (id = 'p1') => JSON.stringify({ t: 'join', p: id, c: [{ id: counter.id, tok: counter.tok }] })
  const inc = (q: number) => JSON.stringify({ t: 'ev', id: counter.id, n: 'inc', q })
  const countIn = (frame: Record<string, unknown>) => /class="count">(\d+)</.exec(String(frame.html))?.[1]

  before(() => ({ one, two } = nodes))
  beforeEach(async () => {
    const page = await getPage(`${one.url}/counter`)
    cookie = page.cookie
    counter = page.components.find((c) => c.name === 'x-counter')!
  })
  afterEach(() => {
    for (const s of streams.splice(0)) s.close()
  })

  it('runs events POSTed to any node on the stream of another, in order, each answered once', async () => {
    const s = await stream(one)
    expect((await s.post(two.url, cookie, join())).status).to.equal(204)
    // text frames one a line: two events in one POST, then one more on the first node
    expect((await s.post(two.url, cookie, `${inc(1)}\n${inc(2)}`)).status).to.equal(204)
    expect((await s.post(one.url, cookie, inc(3))).status).to.equal(204)
    await s.until(() => s.frames.some((f) => f.q === 3))
    expect(s.frames.filter((f) => f.q).map((f) => f.q)).to.deep.equal([1, 2, 3])
    // the count, as the renders' HTML and diffs say: 1, then 2, then 3
    expect(countIn(s.frames[0]!)).to.equal('1')
    expect(s.frames.slice(1).map((f) => (f.d as unknown[]).at(-1))).to.deep.equal(['2', '3'])
  })

  it('takes a binary frame (an upload\'s chunk) in a POST body, relayed to the stream\'s node as it is', async () => {
    const s = await stream(one)
    expect((await s.post(two.url, cookie, join())).status).to.equal(204)
    const chunk = Buffer.concat([Buffer.from('0123456789abcdef', 'latin1'), Buffer.alloc(8), Buffer.from('some bytes')])
    expect((await s.post(two.url, cookie, chunk)).status).to.equal(204)
    // the uploads capability got it: no upload of that reference was announced on this stream
    await s.until(() => s.frames.some((f) => f.t === 'err'))
    expect(s.frames.find((f) => f.t === 'err')).to.include({ code: 'upload-unknown', ref: '0123456789abcdef' })
  })

  it('a stream is Server-Sent Events that no proxy may buffer', async () => {
    const res = await fetch(`${one.url}${TRANSPORT}?`, { headers: { cookie } })
    expect(res.headers.get('content-type')).to.equal('text/event-stream')
    expect(res.headers.get('x-accel-buffering')).to.equal('no')
    await res.body!.cancel()
  })

  it('refuses a forged ticket, another session\'s, and an expired one, saying to open a new stream', async () => {
    const s = await stream(one)
    const forged = s.ticket.slice(0, -4) + (s.ticket.endsWith('AAAA') ? 'BBBB' : 'AAAA')
    const other = (await getPage(`${one.url}/counter`)).cookie
    const expired = signTicket(one.reactor.engine.ring, { kind: 'reactor-http' }, /rx_sid=([^;]+)/.exec(cookie)![1], -10, () => ({ n: 'x', s: 'y' }))
    for (const [key, who] of [[forged, cookie], [s.ticket, other], [expired, cookie]] as const) {
      const res = await s.post(one.url, who, join(), key)
      expect(res.status).to.equal(403)
      expect(await res.text()).to.match(/ticket is refused \((bad-signature|wrong-session|expired)\): open a new stream/)
    }
  })

  it('answers a POST to a stream that is gone with 410 (on its node and on another), its EventSource with 204', async () => {
    const s = await stream(one)
    s.close()
    await until(() => s.ended, 'the stream to end')
    await until(async () => (await s.post(one.url, cookie, join())).status === 410, 'its node to let it go')
    for (const node of [one, two]) {
      const res = await s.post(node.url, cookie, join())
      expect(res.status).to.equal(410)
      expect(await res.text()).to.match(/this stream is gone .*: open a new stream/)
    }
    // the EventSource that asks again with its ticket is told to stop (204), and the page opens a new stream
    const again = await fetch(`${two.url}${TRANSPORT}?`, { headers: { cookie, 'last-event-id': s.ticket } })
    expect(again.status).to.equal(204)
  })

  it('refuses a body over the socket\'s largest frame (413), and another site\'s page (403)', async () => {
    const s = await stream(one)
    const big = await s.post(one.url, cookie, 'x'.repeat(4 * 256 * 1024 + 1))
    expect(big.status).to.equal(413)
    expect(await big.text()).to.match(/limited to \d+ bytes \(the limits option messageBytes\)/)
    const foreign = await s.post(one.url, cookie, join(), s.ticket, { origin: 'https://evil.example' })
    expect(foreign.status).to.equal(403)
    const res = await fetch(`${one.url}${TRANSPORT}?`, { headers: { cookie, origin: 'https://evil.example' } })
    expect(res.status).to.equal(403)
  })

  it('answers long polls (Last-Event-ID: the ticket) on any node, where a proxy buffers the stream', async () => {
    const first = await fetch(`${one.url}${TRANSPORT}?&poll=1`, { headers: { cookie } })
    const ticket = /^data: (.*)$/m.exec(await first.text())![1]
    const s = Object.assign(new HttpStream(), { ticket })
    expect((await s.post(two.url, cookie, join())).status).to.equal(204)
    expect((await s.post(two.url, cookie, inc(1))).status).to.equal(204)
    const polled = await fetch(`${two.url}${TRANSPORT}?`, { headers: { cookie, 'last-event-id': ticket } })
    expect(polled.headers.get('content-type')).to.match(/^text\/event-stream/)
    const frames = [...(await polled.text()).matchAll(/^data: (.*)$/gm)].map(([, d]) => JSON.parse(d!))
    expect(frames.find((f) => f.q === 1)).to.include({ id: counter.id })
  })
})
