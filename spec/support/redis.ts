// A real redis-server (Debian's package) on a free loopback port, that a spec can stop and start again.
import { spawn, type ChildProcess } from 'node:child_process'
import { connect } from 'node:net'
import { once } from 'node:events'
import { freePort } from './free-port.js'

export { freePort }

/** Whether Redis answers PING on `port`. */
export function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('PING\r\n'))
    socket.once('data', (data) => (socket.destroy(), resolve(data.toString().startsWith('+PONG'))))
    socket.once('error', () => resolve(false))
  })
}

export class RedisServer {
  private child?: ChildProcess
  private readonly kill = () => this.child?.kill('SIGKILL')

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort())
    await server.start()
    return server
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  /** Starts redis-server (no persistence) and resolves once it answers. */
  async start(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning']
    const child = (this.child = spawn('redis-server', args, { stdio: 'ignore' }))
    process.once('exit', this.kill)
    const exited = once(child, 'exit').then(() => {
      throw new Error(`redis-server exited at start-up on port ${this.port}; is Debian's redis-server installed (make system)?`)
    })
    const ready = (async () => {
      while (!(await pong(this.port))) await new Promise((r) => setTimeout(r, 20))
    })()
    await Promise.race([ready, exited])
  }

  /** Stops redis-server and waits until it exited. */
  async stop(): Promise<void> {
    const child = this.child
    if (!child || child.exitCode !== null) return
    process.off('exit', this.kill)
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    await exited
    this.child = undefined
  }
}
