import { expect } from 'chai'
import { devComponents, devPages } from './fixtures/dev-components.js'
import type { ServerMessage } from '../src/wire/protocol.js'
import { getPage, startExample, WireClient, type Running } from './support/server.js'

type Err = Extract<ServerMessage, { t: 'err' }>

/** The example server with the dev fixtures, in development or in production. */
async function start(development: boolean) {
  const node = await startExample({ development, components: devComponents }, { routes: [devPages] })
  const page = await getPage(`${node.url}/two`)
  const [counter, boom] = page.components
  const client = await WireClient.open(node.url, { cookie: page.cookie })
  client.send({ t: 'join', p: 'page1', c: [counter, boom].map(({ id, tok }) => ({ id, tok })) })
  /** Sends an event and returns the error that answers it. */
  const fail = async (id: string, n: string, a: Record<string, unknown> = {}, q = 1) => {
    client.send({ t: 'ev', id, n, a, q })
    return (await client.next((m) => m.t === 'err' && m.id === id && m.q === q)) as Err
  }
  return { node, client, counter, boom, fail }
}

const PATH = /\/[\w.-]+\/[\w./-]+\.(ts|js|pug)/

describe('errors in development', () => {
  let env: Awaited<ReturnType<typeof start>>
  before(async () => {
    env = await start(true)
  })
  after(async () => {
    env.client.close()
    await env.node.close()
  })

  it('a handler that throws: the component, the handler, its message and its stack', async () => {
    const err = await env.fail(env.boom.id, 'explode')
    expect(err.code).to.equal('handler-failed')
    expect(err.msg).to.equal('x-boom.explode failed: kaboom')
    expect(err.dev?.component).to.equal('x-boom')
    expect(err.dev?.handler).to.equal('explode')
    expect(err.dev?.stack).to.match(/^Error: kaboom\n\s+at XBoom\.explode .*components\.ts/)
  })

  it('a handler that is not declared: the component and the name it was sent', async () => {
    const err = await env.fail(env.counter.id, 'incc', {}, 1)
    expect(err).to.deep.include({ code: 'not-a-handler', msg: 'x-counter has no handler "incc"; declare it in static handlers' })
    expect(err.dev).to.deep.equal({ component: 'x-counter', handler: 'incc' })
  })

  it('bad arguments: what was wrong with which argument', async () => {
    const err = await env.fail(env.counter.id, 'set_to', { amount: 'ten' }, 2)
    expect(err.code).to.equal('bad-arguments')
    expect(err.msg).to.match(/set_to arguments: amount expected an integer, got "ten"/)
    expect(err.dev).to.deep.equal({ component: 'x-counter', handler: 'set_to' })
  })

  it("a render that fails: the component, and the template's line in the message", async () => {
    const err = await env.fail(env.boom.id, 'corrupt', {}, 2)
    expect(err.code).to.equal('server-error')
    expect(err.msg).to.include('cannot render a negative count')
    expect(err.msg, 'Pug points at the line').to.match(/x-boom\.pug:2[\s\S]*> 2\|/)
    expect(err.dev?.component).to.equal('x-boom')
    expect(err.dev?.stack).to.include('cannot render a negative count')
  })

  it('a page whose render fails shows the error page: the page, the component, the message, the stack', async () => {
    const res = await fetch(`${env.node.url}/dev/broken`)
    expect(res.status).to.equal(500)
    expect(res.headers.get('content-type')).to.match(/^text\/html/)
    const html = await res.text()
    expect(html).to.include('<h1>Rendering dev-broken.pug failed</h1>')
    expect(html).to.include('in component <code>x-boom</code>')
    expect(html).to.include('cannot render a negative count')
    expect(html).to.match(/&gt; 2\|/)
    expect(html).to.match(/class="stack">Error: /)
    expect(env.node.warnings.some((w) => w.includes('rendering page dev-broken.pug failed'))).to.equal(true)
  })
})

describe('errors in production', () => {
  let env: Awaited<ReturnType<typeof start>>
  before(async () => {
    env = await start(false)
  })
  after(async () => {
    env.client.close()
    await env.node.close()
  })

  /** Nothing of the exception, of the code's files or of the input reaches the browser. */
  const expectGeneric = (err: Err, code: string, ...secrets: string[]) => {
    expect(err.code).to.equal(code)
    expect(err.dev).to.equal(undefined)
    expect(err.msg).to.match(/; the details are in the server's log$/)
    expect(err.msg).not.to.match(PATH)
    for (const secret of secrets) expect(err.msg).not.to.include(secret)
  }

  it('a handler that throws: a generic message, the log keeps the message and the stack', async () => {
    const logged: unknown[] = []
    const error = env.node.reactor.log.error
    env.node.reactor.log.error = (m, e) => logged.push(m, e)
    try {
      expectGeneric(await env.fail(env.boom.id, 'explode'), 'handler-failed', 'kaboom', 'explode')
    } finally {
      env.node.reactor.log.error = error
    }
    expect(logged[0]).to.include('x-boom.explode failed: kaboom')
    expect((logged[1] as Error).stack).to.include('XBoom.explode')
  })

  it('a render that fails: no message, no template line', async () => {
    expectGeneric(await env.fail(env.boom.id, 'corrupt', {}, 2), 'server-error', 'negative', 'x-boom.pug', '|')
    expect(env.node.warnings.some((w) => w.includes('rendering #') && w.includes('failed'))).to.equal(true)
  })

  it('a handler that is not declared and bad arguments: generic, without echoing the input', async () => {
    expectGeneric(await env.fail(env.counter.id, 'incc', {}, 1), 'not-a-handler', 'incc')
    expectGeneric(await env.fail(env.counter.id, 'set_to', { amount: 'ten' }, 2), 'bad-arguments', 'ten', 'amount')
  })

  it('a bad token or message: generic too', async () => {
    env.client.send({ t: 'join', p: 'p', c: [{ id: 'rx-forged', tok: 'not.a.token' }] })
    expectGeneric((await env.client.next((m) => m.t === 'err' && m.id === 'rx-forged')) as Err, 'malformed')
    env.client.send({ t: 'ev' })
    expectGeneric((await env.client.next((m) => m.t === 'err' && m.code === 'bad-message')) as Err, 'bad-message')
  })

  it("a page whose render fails is Koa's plain 500, without the message or a path", async () => {
    const res = await fetch(`${env.node.url}/dev/broken`)
    expect(res.status).to.equal(500)
    const body = await res.text()
    expect(body).to.equal('Internal Server Error')
  })

  it('the page tells the client it is not in development', async () => {
    const { html } = await getPage(`${env.node.url}/two`)
    expect(html).to.match(/<script defer src="[^"]+" data-url="\/__reactor__"><\/script>/)
  })
})

describe('development warnings, once each', () => {
  let node: Running
  beforeEach(async () => {
    node = await startExample({ development: true, components: devComponents }, { routes: [devPages] })
  })
  afterEach(() => node.close())
  const matching = (pattern: RegExp) => node.warnings.filter((w) => pattern.test(w))

  it('a prop the component does not declare in static state (it is gone after the first event)', async () => {
    const first = await getPage(`${node.url}/dev/props`)
    expect(first.html).to.include('<span class="label">kept?</span>')
    await getPage(`${node.url}/dev/props`)
    expect(matching(/label/)).to.deep.equal([
      'koa-reactor: x-forgetful got "label" at mount (a prop, or set by mount) but "label" is not in its static state, so it is gone ' +
        'after the first event (the token carries only declared state); declare it in static state, or compute it in a getter',
    ])
  })

  it('none for declared props, nor for the example app', async () => {
    for (const path of ['/dev/props', '/', '/counter', '/todo', '/search', '/signup', '/mixer', '/notes/login']) await getPage(`${node.url}${path}`)
    expect(node.warnings.filter((w) => !w.includes('x-forgetful'))).to.deep.equal([])
  })

  it('a page with components but no reactorHeader()', async () => {
    await getPage(`${node.url}/dev/headless`)
    await getPage(`${node.url}/dev/headless`)
    expect(matching(/reactorHeader/)).to.deep.equal([
      'koa-reactor: page dev-headless.pug renders components but never calls reactorHeader(), so none of them is live; ' +
        'add `!= reactorHeader()` to its <head> (or to the layout it extends)',
    ])
    await getPage(`${node.url}/two`)
    expect(matching(/reactorHeader/)).to.have.length(1)
  })

  it('none in production', async () => {
    const production = await startExample({ development: false, components: devComponents }, { routes: [devPages] })
    try {
      await getPage(`${production.url}/dev/props`)
      await getPage(`${production.url}/dev/headless`)
      expect(production.warnings).to.deep.equal([])
    } finally {
      await production.close()
    }
  })
})
