// A TCP proxy in front of a server, to take the network away from a browser and give it back:
// `cut()` drops every connection and refuses new ones, `restore()` lets them through again, and
// `muteReplies()` keeps forwarding what the browser sends but drops what the server answers.
import net from 'node:net'
import type { AddressInfo } from 'node:net'

export class Proxy {
  readonly url: string
  private readonly sockets = new Set<net.Socket>()
  private down = false
  private mute = false

  private constructor(private readonly server: net.Server, target: number) {
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    server.on('connection', (browser) => {
      if (this.down) return browser.destroy()
      const upstream = net.connect(target, '127.0.0.1')
      for (const socket of [browser, upstream]) {
        this.sockets.add(socket)
        socket.on('close', () => this.sockets.delete(socket))
        socket.on('error', () => undefined)
      }
      browser.on('close', () => upstream.destroy())
      upstream.on('close', () => browser.destroy())
      browser.pipe(upstream)
      upstream.on('data', (chunk) => this.mute || browser.write(chunk))
    })
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

  restore(): void {
    this.down = false
    this.mute = false
  }

  muteReplies(): void {
    this.mute = true
  }

  close(): Promise<void> {
    this.cut()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}
