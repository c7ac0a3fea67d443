// The red team's uploads: a raw WebSocket and raw PUTs do what no honest page does (PUTs of one ticket at once,
// PUTs at hostile offsets or beyond the size, tickets used after their upload completed, was cancelled or lost
// its socket, announcements at once past maxFiles, files finished and never taken, chunks that lie), and the
// node must stay healthy: no file on disk beyond its declared size or outliving its upload, what a socket holds
// bounded by the rules, a coded answer to each refusal, and in production no file name echoed.
import { expect } from 'chai'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DirectoryStore } from '../src/index.js'
import { chunkFrame } from '../src/features/uploads/receiver.js'
import { isRender, type ServerMessage } from '../src/wire/protocol.js'
import { received } from './fixtures/upload-components.js'
import { RedisServer } from './support/redis.js'
import { getPage, WireClient, type Running } from './support/server.js'
import { useUploadNodes } from './support/upload-nodes.js'
import { until } from './support/until.js'

type Answer = { t?: string; at?: number; u?: string; code?: string; msg?: string; ref?: string }

const refOf = (i: number) => `ref${String(i).padStart(13, '0')}`
const png = (size: number, name = 'me.png') => ({ name, type: 'image/png', size })
const opened: WireClient[] = []

/** The avatar page on `node`, joined over a socket. */
async function joined(node: Running) {
  const page = await getPage(`${node.url}/c/x-avatar`)
  const [{ id, tok }] = page.components
  const client = await WireClient.open(node.url, { cookie: page.cookie })
  opened.push(client)
  client.send({ t: 'join', p: 'page-1', c: [{ id, tok }] })
  return { client, id, cookie: page.cookie }
}

const answerTo = (ref: string) => (m: ServerMessage) => (m.t === 'up' || m.t === 'upd' || m.t === 'err') && (m as Answer).ref === ref

/** Announces file `f` as upload `n` under `ref`; the socket's answer. */
async function announce(client: WireClient, id: string, ref: string, f = png(10), n = 'avatar'): Promise<Answer> {
  client.send({ t: 'up', id, n, ref, f })
  return (await client.next(answerTo(ref))) as Answer
}

async function put(node: Running, ticket: string, at: number | string, body: string | Buffer, cookie: string) {
  const res = await fetch(`${node.url}/__reactor__/upload/${ticket}?at=${at}`, { method: 'PUT', body: typeof body === 'string' ? body : new Uint8Array(body), headers: { cookie } })
  return { status: res.status, body: (await res.json()) as Answer }
}

describe('red team: uploads', function () {
  this.timeout(30_000)
  const { start, folder } = useUploadNodes('red-team-uploads')
  /** the files in store folder `name`: name -> size */
  const files = (name: string) => Object.fromEntries(readdirSync(folder(name)).map((f) => [f, statSync(join(folder(name), f)).size]))
  afterEach(() => opened.splice(0).forEach((c) => c.close()))

  describe('on one node', function () {
    let node: Running
    let made = 0
    /** each spec's store is a folder of its own, on a node of its own */
    beforeEach(async () => {
      node = await start({ uploads: new DirectoryStore(folder(`one-${++made}`)) })
    })
    const stored = () => files(`one-${made}`)

    /** All sockets closed, the store keeps no partial file, and a new page still uploads and saves a file. */
    async function healthy(): Promise<void> {
      opened.splice(0).forEach((c) => c.close())
      await until(() => !Object.keys(stored()).some((f) => f.endsWith('.part')), 'no partial file left by the closed sockets')
      const { client, id, cookie } = await joined(node)
      const { u } = await announce(client, id, refOf(999), png(5))
      expect(await put(node, u!, 0, 'hello', cookie)).to.deep.equal({ status: 200, body: { at: 5 } })
      expect(await announce(client, id, refOf(999), png(5))).to.include({ t: 'upd' })
      received.splice(0)
      client.send({ t: 'ev', id, n: 'save', q: 1 })
      await client.next(isRender)
      expect(received.map((r) => r.bytes.toString())).to.deep.equal(['hello'])
    }

    it('takes one of ten PUTs of one ticket at once: the file is one of them, never past its size', async () => {
      const { client, id, cookie } = await joined(node)
      const { u } = await announce(client, id, refOf(1), png(100_000))
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => put(node, u!, 0, Buffer.alloc(100_000, 65 + i), cookie)))
      const taken = answers.filter((a) => a.status === 200)
      expect(taken.map((a) => a.body)).to.deep.equal([{ at: 100_000 }])
      expect(answers.filter((a) => a.status !== 200).map((a) => [a.status, a.body.code])).to.deep.equal(Array(9).fill([409, 'upload-out-of-order']))
      expect(Object.values(stored())).to.deep.equal([100_000])
      expect(await announce(client, id, refOf(1), png(100_000))).to.include({ t: 'upd' })
      client.send({ t: 'ev', id, n: 'save', q: 1 })
      await client.next(isRender)
      const bytes = received[0].bytes
      expect(bytes.length).to.equal(100_000)
      expect(bytes.equals(Buffer.alloc(100_000, bytes[0])), 'one PUT’s bytes, not interleaved').to.equal(true)
      await healthy()
    })

    it('refuses hostile offsets with 409 and the offset to go on from, and bytes past the size with 413', async () => {
      const { client, id, cookie } = await joined(node)
      const { u } = await announce(client, id, refOf(2), png(10))
      expect((await put(node, u!, 0, 'abc', cookie)).body).to.deep.equal({ at: 3 })
      for (const at of [-1, 'NaN', 1e300, 2.5, '', 11, 0]) {
        const answer = await put(node, u!, at, 'x', cookie)
        expect([at, answer.status, answer.body.code, answer.body.at]).to.deep.equal([at, 409, 'upload-out-of-order', 3])
      }
      const chunked = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode('0123'))
          controller.close()
        },
      })
      const res = await fetch(`${node.url}/__reactor__/upload/${u}?at=3`, { method: 'PUT', body: chunked, headers: { cookie }, duplex: 'half' } as RequestInit)
      expect([res.status, ((await res.json()) as Answer).code]).to.deep.equal([413, 'upload-too-large'])
      expect(stored()).to.deep.equal({})
      await healthy()
    })

    it('lets a ticket die with its upload: after completion, cancellation or the socket’s close a PUT is 410 and stores nothing', async () => {
      const { client, id, cookie } = await joined(node)
      const done = await announce(client, id, refOf(3), png(5))
      expect((await put(node, done.u!, 0, 'hello', cookie)).body).to.deep.equal({ at: 5 })
      expect(await announce(client, id, refOf(3), png(5))).to.include({ t: 'upd' })
      const cancelled = await announce(client, id, refOf(4), png(5), 'avatar')
      client.send({ t: 'upx', ref: refOf(4) })
      const other = await joined(node)
      const closed = await announce(other.client, other.id, refOf(5), png(5))
      other.client.close()
      await until(() => Object.keys(stored()).length === 1, 'the closed socket’s upload removed')
      const late = [await put(node, done.u!, 0, 'hello', cookie), await put(node, cancelled.u!, 0, 'hello', cookie), await put(node, closed.u!, 0, 'hello', other.cookie)]
      expect(late.map((a) => [a.status, a.body.code])).to.deep.equal(Array(3).fill([410, 'upload-gone']))
      expect(Object.keys(stored()).filter((f) => f.endsWith('.part'))).to.deep.equal([])
      await healthy()
    })

    it('hands a complete file over once when its announcement comes twice at once, and stays up', async () => {
      // a promise rejected and not handled ends a Node process (an app without a handler of its own)
      const unhandled: unknown[] = []
      const record = (reason: unknown) => unhandled.push(reason)
      process.on('unhandledRejection', record)
      after(() => process.off('unhandledRejection', record))
      const { client, id, cookie } = await joined(node)
      const { u } = await announce(client, id, refOf(6), png(5))
      expect((await put(node, u!, 0, 'hello', cookie)).body).to.deep.equal({ at: 5 })
      for (let i = 0; i < 3; i++) client.send({ t: 'up', id, n: 'avatar', ref: refOf(6), f: png(5) })
      await client.next((m) => m.t === 'upd')
      client.send({ t: 'ev', id, n: 'save', q: 1 })
      await client.next(isRender)
      expect(received.map((r) => r.bytes.toString())).to.deep.equal(['hello'])
      expect(client.received.filter((m) => m.t === 'upd' || m.t === 'err')).to.deep.equal([])
      await healthy()
      expect(unhandled).to.deep.equal([])
    })

    it('counts announcements sent at once against maxFiles, one by one', async () => {
      const { client, id } = await joined(node)
      for (let i = 0; i < 10; i++) client.send({ t: 'up', id, n: 'avatar', ref: refOf(10 + i), f: png(10) })
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => client.next(answerTo(refOf(10 + i)))))
      expect(answers.filter((a) => a.t === 'up')).to.have.length(1)
      expect(answers.filter((a) => a.t === 'err').map((a) => (a as Answer).code)).to.deep.equal(Array(9).fill('upload-too-many'))
      await healthy()
    })

    it('keeps at most maxFiles finished files no handler took, the newest, and removes the others from disk', async () => {
      const { client, id, cookie } = await joined(node)
      for (let i = 0; i < 5; i++) {
        const { u } = await announce(client, id, refOf(20 + i), png(6))
        expect((await put(node, u!, 0, `file-${i}`, cookie)).body).to.deep.equal({ at: 6 })
        expect(await announce(client, id, refOf(20 + i), png(6))).to.include({ t: 'upd' })
      }
      expect(Object.values(stored())).to.deep.equal([6])
      client.send({ t: 'ev', id, n: 'save', q: 1 })
      await client.next(isRender)
      expect(received.map((r) => r.bytes.toString())).to.deep.equal(['file-4'])
      await healthy()
    })

    it('answers lying chunks over the socket with codes, and keeps nothing of them', async () => {
      const { client, id } = await joined(node)
      await announce(client, id, refOf(30), png(10))
      const sent: Array<[Buffer, string]> = [
        [Buffer.from('short'), 'bad-message'],
        [chunkFrame(refOf(31), 0, Buffer.from('x')), 'upload-unknown'],
        [chunkFrame(refOf(30), Number.NaN, Buffer.from('x')), 'upload-out-of-order'],
        [chunkFrame(refOf(30), 5, Buffer.from('x')), 'upload-out-of-order'],
        [chunkFrame(refOf(30), 0, Buffer.alloc(11)), 'upload-too-large'],
        [chunkFrame(refOf(30), 0, Buffer.from('x')), 'upload-unknown'],
      ]
      for (const [frame, code] of sent) {
        client.ws.send(frame)
        expect(await client.next((m) => m.t === 'err')).to.include({ code })
      }
      expect(stored()).to.deep.equal({})
      await healthy()
    })

    it('takes no upload past the rules when flooded with announcements, and lets the socket’s close empty the store', async () => {
      const { client, id } = await joined(node)
      for (let i = 0; i < 200; i++) client.send({ t: 'up', id, n: 'notes', ref: refOf(100 + i), f: { name: 'a.txt', type: 'text/plain', size: 50 } })
      await until(() => client.received.filter((m) => m.t === 'up' || m.t === 'err').length === 200, 'each announcement answered')
      expect(client.received.filter((m) => m.t === 'up')).to.have.length(2)
      expect(Object.keys(stored())).to.have.length(2)
      await healthy()
    })
  })

  describe('in production', function () {
    it('answers refusals without the file’s name, on the socket and over HTTP', async () => {
      const node = await start({ development: false, uploads: new DirectoryStore(folder('prod')) })
      const name = '/home/ada/secret-plans.png'
      const { client, id, cookie } = await joined(node)
      const refused = await announce(client, id, refOf(40), png(9_000_000, name))
      expect(refused).to.include({ t: 'err', code: 'upload-too-large' })
      expect(refused.msg).to.contain('larger than this upload takes').and.not.contain('secret-plans')
      const { u } = await announce(client, id, refOf(41), png(5, name))
      const over = await put(node, u!, 0, 'far too many bytes', cookie)
      expect([over.status, over.body.code]).to.deep.equal([413, 'upload-too-large'])
      expect(over.body.msg).not.to.contain('5 bytes')
      expect(node.warnings.join('\n')).to.contain('secret-plans')
    })
  })

  describe('on nodes sharing a store', function () {
    let redis: RedisServer
    before(async () => {
      redis = await RedisServer.start()
    })
    after(() => redis.stop())

    it('lets a ticket die with its upload on every node: the store holds the truth', async () => {
      const shared = folder('shared')
      const [a, b] = await Promise.all([1, 2].map(() => start({ redis: redis.url, uploads: new DirectoryStore(shared, true) })))
      const { client, id, cookie } = await joined(a)
      const { u } = await announce(client, id, refOf(50), png(5))
      expect((await put(b, u!, 0, 'hello', cookie)).body).to.deep.equal({ at: 5 })
      expect(await announce(client, id, refOf(50), png(5))).to.include({ t: 'upd' })
      const late = await put(b, u!, 0, 'hello', cookie)
      expect([late.status, late.body.code]).to.deep.equal([410, 'upload-gone'])
      expect(readdirSync(shared).filter((f) => f.endsWith('.part'))).to.deep.equal([])
      expect(readFileSync(join(shared, readdirSync(shared)[0])).toString()).to.equal('hello')
    })
  })
})
