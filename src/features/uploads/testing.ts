// One file sent by the test client as the browser client sends it: announced on the socket, then its bytes in
// PUTs of 4 MB with the ticket the node answers (or in 256 KiB chunks on the socket when it gives none), then
// announced again once they are all sent, until the node says it has the file (`upd`).
import { randomBytes } from 'node:crypto'
import type { ServerMessage } from '../../wire/protocol.js'
import { CHUNK, PART } from './parts.js'
import { chunkFrame } from './receiver.js'

/** What an upload needs of the test client's page (testing.ts's LivePage). */
interface LivePage {
  readonly cookie: string
  readonly uploadUrl: string
  raw(data: object | Buffer): void
  next(match: (m: ServerMessage) => boolean): Promise<ServerMessage>
}

export interface TestFile {
  name: string
  /** the MIME type; default application/octet-stream */
  type?: string
  bytes: Uint8Array | string
}

type Answer = Extract<ServerMessage, { t: 'up' | 'upd' | 'err' }>

export class TestUpload {
  private readonly ref = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16)
  private readonly bytes: Buffer

  constructor(private readonly page: LivePage, private readonly id: string, private readonly name: string, private readonly file: TestFile) {
    this.bytes = Buffer.from(file.bytes)
  }

  async send(): Promise<void> {
    for (let answer = await this.announce(); answer.t !== 'upd'; ) {
      if (answer.t === 'err') throw new Error(`koa-reactor/testing: ${this.file.name} was refused: ${answer.code}: ${answer.msg}`)
      answer = answer.u ? await this.put(answer.at, answer.u) : await this.chunk(answer.at)
    }
  }

  private announce(): Promise<Answer> {
    const { name, type = 'application/octet-stream' } = this.file
    this.page.raw({ t: 'up', id: this.id, n: this.name, ref: this.ref, f: { name, type, size: this.bytes.length } })
    return this.answer()
  }

  /** Sends a part over HTTP; announces again once every byte is stored. */
  private async put(at: number, ticket: string): Promise<Answer> {
    const res = await fetch(`${this.page.uploadUrl}${ticket}?at=${at}`, { method: 'PUT', body: new Uint8Array(this.bytes.subarray(at, at + PART)), headers: { cookie: this.page.cookie } })
    const body = (await res.json()) as { at?: number; code?: string; msg?: string }
    if (body.at === undefined) return { t: 'err', ref: this.ref, code: body.code ?? `http-${res.status}`, msg: body.msg ?? '' }
    return body.at < this.bytes.length ? { t: 'up', ref: this.ref, at: body.at, u: ticket } : this.announce()
  }

  private chunk(at: number): Promise<Answer> {
    this.page.raw(chunkFrame(this.ref, at, this.bytes.subarray(at, at + CHUNK)))
    return this.answer()
  }

  private answer(): Promise<Answer> {
    return this.page.next((m) => (m.t === 'up' || m.t === 'upd' || m.t === 'err') && 'ref' in m && m.ref === this.ref) as Promise<Answer>
  }
}
