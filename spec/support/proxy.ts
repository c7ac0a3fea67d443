// A TCP proxy in front of a server, to take the network away from a browser and give it back:
// `cut()` drops every connection and refuses new ones, `restore()` lets them through again, and
// `muteReplies()` keeps forwarding what the browser sends but drops what the server answers, and
// `moveTo(url)` sends new connections to another server (the page's WebSockets stay where they are), and
// `hold()` keeps what the server answers until `release()` (a round trip as long as a spec needs, with no timer);
// `refuseWebSockets()` answers upgrades with 403 and `bufferStreams()` passes a streamed answer (Server-Sent
// Events) on only once it ends, as some corporate proxies do; `stall()` takes new connections and never answers
// them (an attempt that hangs, as one made while the network goes away may).
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { until } from './until.js'

export class Proxy {
  readonly url: string
  private readonly sockets = new Set<net.Socket>()
  private down = false
  private mute = false
  /** what the server answered while held, by connection, in order */
  private held?: Array<[net.Socket, Buffer]>
  /** the browser's connections that carry plain HTTP (the others asked for a WebSocket upgrade) */
  private readonly plain = new Set<net.Socket>()
  private refusing = false
  private buffering = false
  private stalling = false
  /** the connections taken while stalling: they hang until the browser gives them up */
  private readonly hanging = new Set<net.Socket>()

  private constructor(private readonly server: net.Server, private target: number) {
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    server.on('connection', (browser) => {
      if (this.down) return browser.destroy()
      if (this.stalling) return this.hang(browser)
      if (this.refusing) {
        browser.pause()
        browser.once('readable', () => {
          const chunk = browser.read() as Buffer | null
          if (chunk && /^upgrade: websocket/im.test(String(chunk))) return void browser.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
          if (chunk) browser.unshift(chunk)
          this.forward(browser)
        })
        return void browser.resume()
      }
      this.forward(browser)
    })
  }

  private forward(browser: net.Socket): void {
    {
      const upstream = net.connect(this.target, '127.0.0.1')
      browser.once('data', (chunk) => /^upgrade: websocket/im.test(String(chunk)) || this.plain.add(browser))
      browser.on('close', () => this.plain.delete(browser))
      for (const socket of [browser, upstream]) {
        this.sockets.add(socket)
        socket.on('close', () => this.sockets.delete(socket))
        socket.on('error', () => undefined)
      }
      browser.on('close', () => upstream.destroy())
      upstream.on('close', () => browser.destroy())
      browser.pipe(upstream)
      let stream: Buffer[] | undefined
      upstream.on('data', (chunk: Buffer) => {
        // (a long poll's answer has its length: it passes)
        if (this.buffering && /^content-type: text\/event-stream/im.test(String(chunk)) && /^transfer-encoding: chunked/im.test(String(chunk))) stream = []
        if (stream) {
          stream.push(chunk)
          // a chunked answer's last chunk: the stream ended, what it held goes on
          if (!String(chunk).endsWith('0\r\n\r\n')) return
          chunk = Buffer.concat(stream)
          stream = undefined
        }
        if (!this.mute) this.held ? this.held.push([browser, chunk]) : browser.write(chunk)
      })
    }
  }

  private hang(browser: net.Socket): void {
    this.hanging.add(browser)
    this.sockets.add(browser)
    browser.on('error', () => undefined)
    browser.on('close', () => (this.hanging.delete(browser), this.sockets.delete(browser)))
  }

  /** Drops the open connections; new ones are taken and never answered, until `restore()` (they still hang then). */
  stall(): void {
    this.stalling = true
    for (const socket of this.sockets) socket.destroy()
  }

  /** Once a connection hangs in the proxy. */
  stalled(): Promise<void> {
    return until(() => this.hanging.size > 0, 'a connection to hang in the proxy')
  }

  refuseWebSockets(): void {
    this.refusing = true
  }

  bufferStreams(): void {
    this.buffering = true
  }

  /** A proxy on a free loopback port that forwards to `target` (a URL like http://127.0.0.1:1234). */
  static async start(target: string): Promise<Proxy> {
    const server = net.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return new Proxy(server, Number(new URL(target).port))
  }

  cut(): void {
    this.down = true
    for (const socket of this.sockets) socket.destroy()
  }

  /** New connections go to `target`; the open HTTP connections are closed, the WebSockets stay. */
  moveTo(target: string): void {
    this.target = Number(new URL(target).port)
    for (const socket of this.plain) socket.destroy()
  }

  restore(): void {
    this.down = false
    this.mute = false
    this.refusing = false
    this.buffering = false
    this.stalling = false
  }

  /** Keeps the server's answers from the browser until `release()`. */
  hold(): void {
    this.held ??= []
  }

  /** Lets the answers held through, in order, and the next ones at once. */
  release(): void {
    for (const [browser, chunk] of this.held ?? []) browser.write(chunk)
    this.held = undefined
  }

  muteReplies(): void {
    this.mute = true
  }

  close(): Promise<void> {
    this.cut()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}
