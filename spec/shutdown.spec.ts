// A node that shuts down loses nothing: a real node process (spec/fixtures/shutdown-node.ts) and real
// WebSockets. On SIGTERM it stops accepting, answers the event it is running, closes its sockets with 1012 and
// the reconnect window (the page reconnects elsewhere, spread over the window), and exits with code 0.
import { expect } from 'chai'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { connect } from 'node:net'
import type { Readable } from 'node:stream'
import { Reactor } from '../src/index.js'
import { reconnectDelay } from '../src/wire/reconnect.js'
import type { RenderMessage } from '../src/wire/protocol.js'
import { freePort } from './support/redis.js'
import { getPage, WireClient } from './support/server.js'
import { until } from './support/until.js'

/** Resolves once `stream` has printed a line containing `text`; the lines so far. */
function printed(stream: Readable, text: string): Promise<string> {
  let seen = ''
  return new Promise((resolve) => {
    const read = (chunk: Buffer) => {
      seen += chunk
      if (seen.includes(text)) (stream.off('data', read), resolve(seen))
    }
    stream.on('data', read)
  })
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })

const closeOf = (client: WireClient) => new Promise<[number, string]>((resolve) => client.ws.once('close', (code, reason) => resolve([code, reason.toString()])))

describe('a node that shuts down (SIGTERM, a real process)', function () {
  this.timeout(30_000)
  let node: ChildProcess | undefined
  afterEach(() => {
    if (node?.exitCode === null && node.signalCode === null) node.kill('SIGKILL')
  })

  async function start(env: Record<string, string> = {}): Promise<{ url: string; port: number }> {
    const port = await freePort()
    node = spawn(process.execPath, ['--import', 'tsx', 'spec/fixtures/shutdown-node.ts'], {
      env: { ...process.env, NODE_ENV: 'production', PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    })
    await printed(node.stdout!, 'ready')
    return { url: `http://127.0.0.1:${port}`, port }
  }

  it('stops accepting, answers the event it is running, tells every socket to reconnect within the window, and exits 0', async () => {
    const { url, port } = await start({ RECONNECT_WINDOW: '3000' })
    const page = await getPage(url)
    const [held] = page.components
    const busy = await WireClient.open(url, { cookie: page.cookie })
    const idle = await WireClient.open(url, { cookie: page.cookie })
    busy.send({ t: 'join', p: 'busy', c: [held] })
    idle.send({ t: 'join', p: 'idle', c: [held] })
    busy.send({ t: 'ev', id: held.id, n: 'slow', q: 1 })
    await once(node!, 'message') // the handler runs, and waits for the release
    const closes = [closeOf(busy), closeOf(idle)]
    const exited = once(node!, 'exit')
    const log = printed(node!.stderr!, 'SIGTERM: shutting down')
    node!.kill('SIGTERM')
    expect(await log).to.contain('koa-reactor: SIGTERM: shutting down (no new sockets or requests; the running events finish')
    // the log line comes as the signal arrives; the listener closes a moment later, while the event still runs
    await until(async () => !(await accepts(port)), 'the node to stop accepting new connections', 5000)
    expect(busy.open && idle.open, 'the sockets stay open while the event runs').to.equal(true)
    node!.send('release')
    const answer = (await busy.next((m) => (m as RenderMessage).q === 1, 10_000)) as RenderMessage
    expect(answer.html ?? JSON.stringify(answer.d)).to.contain('1')
    expect(await Promise.all(closes)).to.deep.equal([[1012, '3000'], [1012, '3000']])
    expect(await exited).to.deep.equal([0, null])
  })

  it('exits 0 at once when no socket is open', async () => {
    await start()
    const exited = once(node!, 'exit')
    node!.kill('SIGTERM')
    expect(await exited).to.deep.equal([0, null])
  })
})

describe('the reconnect window and the shutdown option', () => {
  it('waits a random time within the window (full jitter), up to twice as long after each failure, at most max(window, 10 s)', () => {
    for (let i = 0; i < 1000; i++) {
      expect(reconnectDelay(0, 5000)).to.be.within(0, 4999.999)
      expect(reconnectDelay(1, 5000)).to.be.within(0, 9999.999)
      expect(reconnectDelay(5, 5000)).to.be.below(10_000)
      expect(reconnectDelay(3, 60_000)).to.be.below(60_000)
    }
    const first = Array.from({ length: 1000 }, () => reconnectDelay(0, 5000))
    expect(first.filter((d) => d < 2500).length, 'spread over the whole window, not bunched at one end').to.be.within(350, 650)
  })

  it('says which option is wrong', () => {
    expect(() => new Reactor({ reconnectWindowMs: -1 })).to.throw('the option `reconnectWindowMs` must be a number of milliseconds (0: reconnect at once)')
    expect(() => new Reactor({ shutdown: { signal: ['SIGTERM'] } as never })).to.throw("the option `shutdown` must be false, or { signals: ['SIGTERM'], graceMs: 10000 }")
    expect(() => new Reactor({ shutdown: { graceMs: 0 } })).to.throw('the option `shutdown` must be')
    expect(() => new Reactor({ shutdown: false, reconnectWindowMs: 0, secret: 'x'.repeat(40) })).not.to.throw()
  })

  it('tells the page its window when the option is given', () => {
    const header = (options: object) => new Reactor({ secret: 'x'.repeat(40), development: false, ...options }).header({ state: {} } as never)
    expect(header({ reconnectWindowMs: 2000 })).to.contain(' data-reconnect="2000"')
    expect(header({})).not.to.contain('data-reconnect')
  })
})
