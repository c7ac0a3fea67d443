// A client of the HTTP transport in Node, as a browser's EventSource and fetch would use it: a stream of
// Server-Sent Events whose first event is the ticket, and POSTs of frames with that ticket.
export const TRANSPORT = '/__reactor__'

export class HttpStream {
  readonly frames: Array<Record<string, unknown>> = []
  ticket = ''
  private readonly ctl = new AbortController()
  private waiters: Array<() => void> = []
  ended = false

  static async open(base: string, cookie: string, headers: Record<string, string> = {}): Promise<HttpStream> {
    const stream = new HttpStream()
    const res = await fetch(`${base}${TRANSPORT}?`, { headers: { cookie, ...headers }, signal: stream.ctl.signal })
    if (!res.ok) throw new Error(`the stream was refused: ${res.status} ${await res.text()}`)
    void stream.read(res)
    await stream.until(() => stream.ticket !== '')
    return stream
  }

  private async read(res: Response): Promise<void> {
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const events = (buffer += decoder.decode(chunk, { stream: true })).split('\n\n')
        buffer = events.pop()!
        for (const e of events) {
          const data = /^data: (.*)$/m.exec(e)?.[1]
          if (data === undefined) continue
          if (!this.ticket) this.ticket = data
          else this.frames.push(JSON.parse(data))
        }
        this.wake()
      }
    } catch {
      // aborted
    }
    this.ended = true
    this.wake()
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w()
  }

  /** Resolves once `test` holds (checked as events arrive), or rejects after `ms`. */
  async until(test: () => boolean, ms = 5000): Promise<void> {
    const limit = Date.now() + ms
    while (!test()) {
      if (Date.now() > limit) throw new Error(`timed out; frames: ${JSON.stringify(this.frames).slice(0, 500)}`)
      await new Promise<void>((resolve) => (this.waiters.push(resolve), setTimeout(resolve, 100)))
    }
  }

  /** POSTs frames to `base` (any node): text frames one a line, or one binary frame. */
  post(base: string, cookie: string, body: string | Buffer, key = this.ticket, headers: Record<string, string> = {}): Promise<Response> {
    const type = typeof body === 'string' ? 'text/plain;charset=UTF-8' : 'application/octet-stream'
    return fetch(`${base}${TRANSPORT}?&k=${encodeURIComponent(key)}`, { method: 'POST', headers: { cookie, 'content-type': type, ...headers }, body: typeof body === 'string' ? body : new Uint8Array(body) })
  }

  close(): void {
    this.ctl.abort()
  }
}
