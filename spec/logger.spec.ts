// The `logger` option with a real pino logger and with a console-shaped one: events at debug level when the
// logger has debug enabled, and a failed handler's error kept (pino takes it as `err`, console as its second argument).
import { expect } from 'chai'
import Koa from 'koa'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { pino } from 'pino'
import { Reactor, type Logger } from '../src/index.js'
import { open, serve } from '../src/testing.js'
import { XLogged } from './fixtures/logged.js'
import { SECRET } from './support/server.js'

const views = [fileURLToPath(new URL('./fixtures/views', import.meta.url))]

interface PinoLine {
  level: number
  msg: string
  err?: { message: string; stack: string }
  component?: string
  handler?: string
}

/** A pino logger at `level` writing its JSON lines into `lines`. */
function pinoInto(lines: PinoLine[], level: string) {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line))
      done()
    },
  })
  return pino({ level }, sink)
}

/** Serves the failing counter with `logger`, clicks bump then boom, and closes everything. */
async function clickBoth(logger: Logger): Promise<void> {
  const reactor = new Reactor({ secret: SECRET, views, components: [XLogged], logger, development: false })
  const app = reactor.attach(new Koa())
  app.use((ctx) => ctx.render('server-api.pug', { name: 'x-logged', props: {} }))
  const server = await serve(app)
  const page = await open(server.url, '/')
  try {
    await page.fire('button.bump')
    expect(page.document.querySelector('.count')?.textContent).to.equal('1')
    await page.fire('button.boom')
  } finally {
    page.close()
    await server.close()
    await reactor.close()
  }
}

describe('the logger option', () => {
  it('logs each event at debug level to a pino logger at debug, and a failed handler with its error as err', async () => {
    const lines: PinoLine[] = []
    await clickBoth(pinoInto(lines, 'debug'))
    const events = lines.filter((l) => l.level === 20)
    expect(events.map((l) => [l.component, l.handler])).to.deep.equal([['x-logged', 'bump'], ['x-logged', 'boom']])
    expect(events[0].msg).to.match(/event x-logged\.bump/)
    const failed = lines.find((l) => l.level === 50)
    expect(failed?.msg).to.match(/x-logged/)
    expect(failed?.err?.message, 'pino keeps the error only as an object first').to.equal('the boom handler failed')
    expect(failed?.err?.stack).to.match(/logged\.ts/)
  })

  it('logs no events to a pino logger at info, and still the error', async () => {
    const lines: PinoLine[] = []
    await clickBoth(pinoInto(lines, 'info'))
    expect(lines.filter((l) => l.level < 30)).to.deep.equal([])
    expect(lines.find((l) => l.level === 50)?.err?.message).to.equal('the boom handler failed')
  })

  it('calls a console-shaped logger message first, with the error as its second argument', async () => {
    const calls: Array<[string, string, unknown[]]> = []
    const record = (level: string) => (message: string, ...rest: unknown[]) => void calls.push([level, message, rest])
    await clickBoth({ debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') })
    expect(calls.filter(([level]) => level === 'debug').map(([, message]) => message)).to.have.length(2)
    const [, message, [error]] = calls.find(([level]) => level === 'error')!
    expect(message).to.match(/x-logged/)
    expect((error as Error).message).to.equal('the boom handler failed')
  })

  it('refuses a logger without warn and error, naming the shape it takes', () => {
    expect(() => new Reactor({ logger: { info() {} } as never })).to.throw(/warn and error methods .*pino/)
  })
})
