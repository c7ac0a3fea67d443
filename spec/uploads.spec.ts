// Uploads on the wire (a real WebSocket): the server checks every announced file again, answers bad chunks
// with coded errors, removes partial files when a client goes or cancels, and, with a shared directory store,
// resumes on another node an upload that stopped.
import { expect } from 'chai'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { DirectoryStore } from '../src/index.js'
import { chunkFrame } from '../src/features/uploads/receiver.js'
import { received } from './fixtures/upload-components.js'
import { getPage, WireClient, type Running } from './support/server.js'
import { useUploadNodes } from './support/upload-nodes.js'
import { until } from './support/until.js'
import { isRender } from '../src/wire/protocol.js'

const REF = 'abcdefgh12345678'


/** The avatar page on `node`, joined over a socket: the client, the component's id. */
async function joined(node: Running, cookie = ''): Promise<{ client: WireClient; id: string; tok: string; cookie: string }> {
  const page = await getPage(`${node.url}/c/x-avatar`, cookie)
  const [{ id, tok }] = page.components
  const client = await WireClient.open(node.url, { cookie: page.cookie })
  client.send({ t: 'join', p: 'page-1', c: [{ id, tok }] })
  return { client, id, tok, cookie: page.cookie }
}

/**
 * A store whose first new upload is slow to look up: its offset is answered once another upload's has been, or
 * after the server's event loop has turned 100 times (a socket that takes announcements in turn never asks for
 * the other's while the first waits).
 */
class SlowFirstStore extends DirectoryStore {
  private first?: string
  private releaseFirst?: () => void

  async offset(key: string): Promise<number> {
    const at = await super.offset(key)
    if (this.first === undefined) {
      this.first = key
      await new Promise<void>((resolve) => (this.releaseFirst = resolve, turns(100).then(resolve)))
    } else if (key !== this.first) setImmediate(() => this.releaseFirst?.())
    return at
  }
}
const turns = async (n: number) => { for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve)) }

const announce = (client: WireClient, id: string, f: object, n = 'avatar', ref = REF) => client.send({ t: 'up', id, n, ref, f })
const png = (size: number) => ({ name: 'me.png', type: 'image/png', size })

describe('uploads on the wire', function () {
  const { start, folder } = useUploadNodes('uploads')
  let one: Running
  let two: Running
  before(async () => {
    one = await start({ uploads: new DirectoryStore(folder('one')) })
    two = await start({ uploads: new DirectoryStore(folder('shared'), true) })
  })

  it('checks on the server what the browser should have: declared, size, type and count', async () => {
    const { client, id } = await joined(one)
    announce(client, id, png(10), 'photo')
    expect(await client.next((m) => m.t === 'err')).to.include({ code: 'upload-not-declared', ref: REF, id })
    announce(client, id, png(5_000_001))
    expect(await client.next((m) => m.t === 'err')).to.include({ code: 'upload-too-large' })
    announce(client, id, { name: 'x.exe', type: 'application/octet-stream', size: 10 })
    const wrong = await client.next((m) => m.t === 'err')
    expect(wrong).to.include({ code: 'upload-wrong-type' })
    expect((wrong as { msg: string }).msg).to.include('image/*')
    announce(client, id, png(10))
    await client.next((m) => m.t === 'up')
    announce(client, id, png(10), 'avatar', 'zzzzzzzz12345678')
    expect(await client.next((m) => m.t === 'err')).to.include({ code: 'upload-too-many' })
    client.send({ t: 'up', id, n: 'avatar', ref: 'short', f: png(1) })
    expect(await client.next((m) => m.t === 'err')).to.include({ code: 'bad-message' })
    client.close()
  })

  it('answers a chunk out of order, one never announced, and bytes beyond the announced size', async () => {
    const { client, id } = await joined(one)
    announce(client, id, png(8))
    expect(await client.next((m) => m.t === 'up')).to.include({ at: 0 })
    client.ws.send(chunkFrame(REF, 4, Buffer.from('late')))
    expect(await client.next((m) => m.t === 'err')).to.include({ code: 'upload-out-of-order' })
    client.ws.send(chunkFrame('nevernever123456', 0, Buffer.from('x')))
    expect(await client.next((m) => m.t === 'err')).to.include({ code: 'upload-unknown' })
    client.ws.send(chunkFrame(REF, 0, Buffer.from('too many bytes')))
    expect(await client.next((m) => m.t === 'err')).to.include({ code: 'upload-too-large' })
    client.send({ t: 'ev', id, n: 'save', q: 1 })
    expect(await client.next((m) => m.t === 'ack' || isRender(m))).to.include({ q: 1 })
    expect(received).to.deep.equal([])
    client.close()
  })

  it('removes the partial file when the upload is cancelled or its client disappears (a store of its own)', async () => {
    const parts = () => readdirSync(folder('one')).filter((f) => f.endsWith('.part'))
    const { client, id } = await joined(one)
    announce(client, id, png(8))
    await client.next((m) => m.t === 'up')
    client.ws.send(chunkFrame(REF, 0, Buffer.from('half')))
    await client.next((m) => m.t === 'up')
    expect(parts()).to.have.length(1)
    client.send({ t: 'upx', ref: REF })
    await until(() => parts().length === 0, 'the cancelled part to go')
    announce(client, id, png(8))
    await client.next((m) => m.t === 'up')
    client.ws.send(chunkFrame(REF, 0, Buffer.from('half')))
    await client.next((m) => m.t === 'up')
    expect(parts()).to.have.length(1)
    client.close()
    await until(() => parts().length === 0, 'the abandoned part to go')
  })

  it('hands the files of one upload in the order the browser announced them, not the order they finished in', async () => {
    const { client, id } = await joined(one)
    const [first, second] = ['aaaaaaaa12345678', 'bbbbbbbb12345678']
    announce(client, id, { name: 'a.txt', type: 'text/plain', size: 5 }, 'notes', first)
    await client.next((m) => m.t === 'up' && m.ref === first)
    announce(client, id, { name: 'b.txt', type: 'text/plain', size: 7 }, 'notes', second)
    await client.next((m) => m.t === 'up' && m.ref === second)
    // the second file's bytes arrive first
    client.ws.send(chunkFrame(second, 0, Buffer.from('second!')))
    await client.next((m) => m.t === 'upd' && m.ref === second)
    client.ws.send(chunkFrame(first, 0, Buffer.from('first')))
    await client.next((m) => m.t === 'upd' && m.ref === first)
    client.send({ t: 'ev', id, n: 'notes', q: 1 })
    await client.next((m) => isRender(m))
    expect(received.map((r) => `${r.name} ${r.bytes}`)).to.deep.equal(['a.txt first', 'b.txt second!'])
    client.close()
  })

  it('takes the announcements of one socket in turn: files in the order announced, and the count checked, however long the store takes', async () => {
    const slow = await start({ uploads: new SlowFirstStore(folder('slow')) })
    const { client, id } = await joined(slow)
    try {
      const refs = ['aaaaaaaa12345678', 'bbbbbbbb12345678', 'cccccccc12345678']
      const sizes = [5, 7, 3]
      refs.forEach((ref, i) => announce(client, id, { name: `${'abc'[i]}.txt`, type: 'text/plain', size: sizes[i] }, 'notes', ref))
      for (const [i, bytes] of ['first', 'second!'].entries()) {
        await client.next((m) => m.t === 'up' && m.ref === refs[i])
        client.ws.send(chunkFrame(refs[i]!, 0, Buffer.from(bytes)))
        await client.next((m) => m.t === 'upd' && m.ref === refs[i])
      }
      client.send({ t: 'ev', id, n: 'notes', q: 1 })
      await client.next((m) => isRender(m))
      expect(received.map((r) => `${r.name} ${r.bytes}`)).to.deep.equal(['a.txt first', 'b.txt second!'])
      // the third of a rule of two files is refused, though the first two were still being looked up
      expect(client.received.find((m) => m.t === 'err')).to.include({ ref: refs[2], code: 'upload-too-many' })
    } finally {
      client.close()
    }
  })

  it('resumes on another node sharing the store where the upload stopped, and its handler gets the file there', async () => {
    const three = await start({ uploads: new DirectoryStore(folder('shared'), true) })
    const first = await joined(two)
    announce(first.client, first.id, png(10))
    await first.client.next((m) => m.t === 'up')
    first.client.ws.send(chunkFrame(REF, 0, Buffer.from('hello')))
    expect(await first.client.next((m) => m.t === 'up')).to.include({ at: 5 })
    first.client.close()
    // the page reconnects to another node, which joins it from its token
    const client = await WireClient.open(three.url, { cookie: first.cookie })
    client.send({ t: 'join', p: 'page-1', c: [{ id: first.id, tok: first.tok }] })
    announce(client, first.id, png(10))
    expect(await client.next((m) => m.t === 'up' || m.t === 'err')).to.include({ t: 'up', at: 5 })
    client.ws.send(chunkFrame(REF, 5, Buffer.from('world')))
    await client.next((m) => m.t === 'upd')
    client.send({ t: 'ev', id: first.id, n: 'save', q: 1 })
    await client.next((m) => isRender(m))
    expect(received.map((r) => r.bytes.toString())).to.deep.equal(['helloworld'])
    client.close()
  })
})
