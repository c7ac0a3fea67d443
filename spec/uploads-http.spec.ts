// Uploads over HTTP (a real WebSocket and real PUTs): where any node can hand a file to the component (one
// node, or a store the nodes share), the socket answers an announced file with a signed ticket, the bytes go
// in PUTs to any node, and the socket's node hands the complete file to the handler. Bad tickets, parts out of
// order, too many bytes and foreign Origins get coded answers that lose nothing.
import { expect } from 'chai'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { DirectoryStore } from '../src/index.js'
import { signTicket } from '../src/features/uploads/ticket.js'
import { received } from './fixtures/upload-components.js'
import { RedisServer } from './support/redis.js'
import { getPage, WireClient, type Running } from './support/server.js'
import { useUploadNodes } from './support/upload-nodes.js'
import { open } from '../src/testing.js'
import { isRender } from '../src/wire/protocol.js'

const REF = 'abcdefgh12345678'
const png = (size: number) => ({ name: 'me.png', type: 'image/png', size })

/** The avatar page on `node`, joined over a socket. */
async function joined(node: Running) {
  const page = await getPage(`${node.url}/c/x-avatar`)
  const [{ id, tok }] = page.components
  const client = await WireClient.open(node.url, { cookie: page.cookie })
  client.send({ t: 'join', p: 'page-1', c: [{ id, tok }] })
  return { client, id, tok, cookie: page.cookie }
}

/** Announces a file; the socket's answer. */
async function announce(client: WireClient, id: string, size: number, extra: object = {}) {
  client.send({ t: 'up', id, n: 'avatar', ref: REF, f: png(size), ...extra })
  return (await client.next((m) => m.t === 'up' || m.t === 'upd' || m.t === 'err')) as { t: string; at?: number; u?: string; code?: string }
}

/**
 * Sends "hello" to `first` and "world" to `second` in two PUTs, announces the file again, and saves it: the
 * handler gets "helloworld" on the socket's node.
 */
async function handedOver(client: WireClient, id: string, cookie: string, u: string, first: Running, second: Running): Promise<void> {
  expect(await put(first, u, 0, 'hello', { cookie })).to.deep.equal({ status: 200, body: { at: 5 } })
  expect(await put(second, u, 5, 'world', { cookie })).to.deep.equal({ status: 200, body: { at: 10 } })
  expect(await announce(client, id, 10)).to.include({ t: 'upd' })
  client.send({ t: 'ev', id, n: 'save', q: 1 })
  await client.next((m) => isRender(m))
  expect(received.map((r) => r.bytes.toString())).to.deep.equal(['helloworld'])
}

async function put(node: Running, ticket: string, at: number, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${node.url}/__reactor__/upload/${ticket}?at=${at}`, { method: 'PUT', body, headers })
  return { status: res.status, body: (await res.json()) as { at?: number; code?: string; msg?: string } }
}

describe('uploads over HTTP', function () {
  const { start, folder } = useUploadNodes('http-uploads')

  describe('on one node', function () {
    let node: Running
    before(async () => {
      node = await start({ uploads: new DirectoryStore(folder('one')) })
    })

    it('answers an announced file with a ticket, takes its bytes in PUTs, and hands the file to the handler', async () => {
      const { client, id, cookie } = await joined(node)
      const { at, u } = await announce(client, id, 10)
      expect(at).to.equal(0)
      expect(u).to.be.a('string')
      await handedOver(client, id, cookie, u!, node, node)
      client.close()
    })

    it('answers a part out of order with the offset to go on from, and too many bytes with too-large', async () => {
      const parts = () => readdirSync(folder('one')).filter((f) => f.endsWith('.part'))
      const { client, id, cookie } = await joined(node)
      const { u } = await announce(client, id, 10)
      expect(await put(node, u!, 0, 'abc', { cookie })).to.deep.equal({ status: 200, body: { at: 3 } })
      const late = await put(node, u!, 7, 'xyz', { cookie })
      expect(late.status).to.equal(409)
      expect(late.body).to.include({ code: 'upload-out-of-order', at: 3 })
      const over = await put(node, u!, 3, 'far too many bytes', { cookie })
      expect(over.status).to.equal(413)
      expect(over.body).to.include({ code: 'upload-too-large' })
      expect(parts()).to.deep.equal([])
      // the socket and the component go on: announced again, the file starts from nothing
      expect(await announce(client, id, 10)).to.include({ t: 'up', at: 0 })
      client.close()
    })

    it('refuses a forged ticket, an expired one, another session’s, and a PUT from a foreign Origin', async () => {
      const { client, id, cookie } = await joined(node)
      const { u } = await announce(client, id, 10)
      const forged = `${u!.slice(0, -3)}${u!.endsWith('AAA') ? 'BBB' : 'AAA'}`
      const sid = cookie.split('=')[1]
      const expired = signTicket(node.reactor.engine.ring, sid, 'k'.repeat(40), 10, -1)
      const other = (await getPage(`${node.url}/c/x-avatar`)).cookie
      const answers = [
        await put(node, forged, 0, 'x', { cookie }),
        await put(node, expired, 0, 'x', { cookie }),
        await put(node, u!, 0, 'x', { cookie: other }),
        await put(node, u!, 0, 'x'),
      ]
      expect(answers.map((a) => a.status)).to.deep.equal([403, 403, 403, 403])
      expect(answers.map((a) => a.body.code)).to.deep.equal(['upload-ticket', 'upload-ticket', 'upload-ticket', 'upload-ticket'])
      expect(answers[1].body.msg).to.include('expired')
      expect(answers[0].body.msg).to.include('announce the file on the socket again')
      const foreign = await put(node, u!, 0, 'x', { cookie, origin: 'https://evil.example' })
      expect(foreign).to.deep.include({ status: 403 })
      expect(foreign.body.code).to.equal('origin-not-allowed')
      // nothing was stored: the real owner still goes from byte 0
      expect(await put(node, u!, 0, 'helloworld', { cookie })).to.deep.equal({ status: 200, body: { at: 10 } })
      client.close()
    })

    it('koa-reactor/testing uploads a 5 MB file as the browser does, and throws a refusal’s code', async () => {
      const page = await open(node.url, '/c/x-avatar')
      const bytes = Buffer.alloc(5_000_000, 7)
      await page.upload('.avatar', 'avatar', [{ name: 'big.png', type: 'image/png', bytes }])
      await page.send('.avatar', 'save')
      expect(page.text('.saved li')).to.equal('big.png 5000000')
      expect(received[0].bytes.equals(bytes)).to.equal(true)
      let refused = ''
      await page.upload('.avatar', 'avatar', [{ name: 'notes.txt', type: 'text/plain', bytes: 'hi' }]).catch((e: Error) => (refused = e.message))
      expect(refused).to.include('upload-wrong-type')
      page.close()
    })

    it('gives no ticket to a page for which HTTP failed (h: 1): its bytes come over the socket', async () => {
      const { client, id } = await joined(node)
      const answer = await announce(client, id, 10, { h: 1 })
      expect(answer).to.include({ t: 'up', at: 0 })
      expect(answer.u).to.equal(undefined)
      client.close()
    })
  })

  describe('on nodes joined by Redis', function () {
    let redis: RedisServer
    before(async () => {
      redis = await RedisServer.start()
    })
    after(() => redis.stop())

    it('with stores of their own, gives no ticket: a PUT could reach a node the socket’s cannot read', async () => {
      const node = await start({ redis: redis.url, uploads: new DirectoryStore(folder('own')) })
      const { client, id } = await joined(node)
      const answer = await announce(client, id, 10)
      expect(answer).to.include({ t: 'up', at: 0 })
      expect(answer.u).to.equal(undefined)
      client.close()
      // koa-reactor/testing then sends the bytes over the socket
      const page = await open(node.url, '/c/x-avatar')
      await page.upload('.avatar', 'avatar', [{ name: 'me.png', type: 'image/png', bytes: Buffer.alloc(600_000, 3) }])
      await page.send('.avatar', 'save')
      expect(page.text('.saved li')).to.equal('me.png 600000')
      page.close()
    })

    it('with a shared store, takes the PUTs on any node and the socket’s node hands the file to the handler', async () => {
      const shared = folder('shared')
      const [a, b, c] = await Promise.all([1, 2, 3].map(() => start({ redis: redis.url, uploads: new DirectoryStore(shared, true) })))
      const { client, id, cookie } = await joined(a)
      const { u } = await announce(client, id, 10)
      await handedOver(client, id, cookie, u!, b, c)
      client.close()
    })
  })
})
