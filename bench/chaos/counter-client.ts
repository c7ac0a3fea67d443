// A protocol-level browser of the counter page: clicks "+", keeps the token as the client does (whole or
// patched), and on a lost socket reconnects through the load balancer, joins again (r: 1) and re-sends the
// events not answered (r: 1), as public/client.ts does.
import WebSocket from 'ws'
import { patchToken } from '../../src/core/diff.js'
import { isRender, type ServerMessage } from '../../src/wire/protocol.js'
import { getPage } from '../../spec/support/server.js'

type Sent = { t: 'ev'; id: string; n: string; q: number; r?: 1 }

export class CounterClient {
  private ws?: WebSocket
  private q = 0
  private readonly outbox: Sent[] = []
  private stopped = false
  private readonly page = `chaos-${Math.random().toString(36).slice(2)}`
  /** times the socket was lost, when it was open again, and when the next answer came */
  readonly outages: { lostAt: number; reopenedAt?: number; answeredAt?: number }[] = []
  errors: string[] = []

  private constructor(readonly url: string, private readonly cookie: string, readonly id: string, private token: string) {}

  static async open(url: string): Promise<CounterClient> {
    const { cookie, components } = await getPage(`${url}/counter`)
    const client = new CounterClient(url, cookie, components[0].id, components[0].tok)
    await client.connect(false)
    return client
  }

  /** The count the newest token this browser holds carries. */
  get amount(): number {
    return JSON.parse(Buffer.from(this.token.split('.')[1], 'base64url').toString()).st.amount
  }

  get clicks(): number {
    return this.q
  }

  get unanswered(): number {
    return this.outbox.length
  }

  click(): void {
    const event: Sent = { t: 'ev', id: this.id, n: 'inc', q: ++this.q }
    this.outbox.push(event)
    this.send(event)
  }

  close(): void {
    this.stopped = true
    this.ws?.close()
  }

  private send(msg: object): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg))
  }

  private connect(again: boolean): Promise<void> {
    const ws = (this.ws = new WebSocket(`${this.url.replace(/^http/, 'ws')}/__reactor__`, { headers: { cookie: this.cookie } }))
    ws.on('message', (data) => this.receive(JSON.parse(data.toString())))
    ws.on('close', () => this.lost())
    ws.on('error', () => undefined)
    return new Promise((resolve) => {
      ws.once('open', () => {
        const outage = this.outages.at(-1)
        if (outage && outage.reopenedAt === undefined) outage.reopenedAt = Date.now()
        ws.send(JSON.stringify({ t: 'join', p: this.page, c: [{ id: this.id, tok: this.token }], ...(again ? { r: 1 } : {}) }))
        for (const event of this.outbox) ws.send(JSON.stringify({ ...event, ...(again ? { r: 1 } : {}) }))
        resolve()
      })
      ws.once('close', () => resolve())
    })
  }

  private lost(): void {
    if (this.stopped) return
    this.outages.push({ lostAt: Date.now() })
    setTimeout(() => void this.connect(true), 100 + Math.random() * 200)
  }

  private receive(m: ServerMessage): void {
    if (m.t === 'err') this.errors.push(`${m.code}: ${m.msg}`)
    if ('tok' in m && m.tok) this.token = m.tok
    else if (isRender(m) && m.s) this.token = patchToken(this.token, m.p!, m.s)
    if ('q' in m && m.q !== undefined) {
      const answered = m.q
      this.outbox.splice(0, this.outbox.filter((e) => e.q <= answered).length)
      const outage = this.outages.at(-1)
      if (outage && outage.answeredAt === undefined) outage.answeredAt = Date.now()
    }
  }
}
