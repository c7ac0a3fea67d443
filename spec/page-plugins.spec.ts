// An app's own plugin (the `plugins` option) adds an effect kind and carries it out, during the page request and
// on the socket, through the hooks the built-in capabilities use: what its component asks for at mount reaches
// the page's hooks, what a handler asks for reaches the socket's, and a kind carried by two plugins is refused.
import { expect } from 'chai'
import { ask, Component, Reactor, t, type Feature } from '../src/index.js'
import { open, type LivePage } from '../src/testing.js'
import { clientPages } from './fixtures/client-components.js'
import { startExample, type Running } from './support/server.js'

declare module '../src/index.js' {
  interface EffectKinds {
    seen: { kind: 'seen'; what: string }
  }
}

/** what the analytics plugin recorded, as an analytics service would receive it */
const recorded: string[] = []

const analytics: Feature = () => ({
  name: 'analytics',
  effects: {
    seen: ({ what }, { live }) => void recorded.push(`socket #${live.id}: ${what}`),
  },
  page: {
    locals: (page) => ({ seenOn: () => page.view }),
    effects: {
      seen: ({ what }, { page, instance }) => void recorded.push(`page ${page.view} #${instance.id}: ${what}`),
    },
    done: (_page, html) => html.replace('</body>', `<p id="analytics">${recorded.length} seen</p></body>`),
  },
})

class XSeen extends Component {
  static template = 'x-child.pug'
  static state = { n: t.number() }
  static handlers = { look: {} }
  n = 0

  mount(): void {
    ask(this, { kind: 'seen', what: 'shown' })
  }

  look(): void {
    this.n++
    ask(this, { kind: 'seen', what: `looked ${this.n}` })
  }
}

describe('a plugin of the app: its own effect kind', () => {
  let node: Running
  let page: LivePage
  before(async () => {
    node = await startExample({ components: [XSeen], plugins: [analytics] }, { routes: [clientPages] })
  })
  after(() => node.close())
  afterEach(() => page?.close())

  it('is carried out during the page request by its page hooks, and on the socket by its socket hooks', async () => {
    recorded.length = 0
    page = await open(node.url, '/c/x-seen')
    const id = page.$('[reactor-component="x-seen"]')!.id
    expect(recorded).to.deep.equal([`page client-page.pug #${id}: shown`])
    expect(page.text('#analytics')).to.equal('1 seen')
    await page.send(`#${id}`, 'look')
    expect(page.text(`#${id} b`)).to.equal('1')
    expect(recorded).to.deep.equal([`page client-page.pug #${id}: shown`, `socket #${id}: looked 1`])
  })

  it('is refused when two plugins carry it on a page, naming the second', () => {
    const copy: Feature = (app) => ({ ...analytics(app), name: 'analytics-copy' })
    expect(() => new Reactor({ secret: 'page-plugins-spec-secret-0123456789', plugins: [analytics, copy] })).to.throw(
      'the plugin "analytics-copy" adds the page effect "seen", which another plugin or the core has; choose another name',
    )
  })
})
