// Red team on the raw WebSocket: a client that sends what only the server sends (navigation, flash, commands,
// URL moves), and a socket URL with a hostile nonce. Each is refused or made harmless, and the page goes on.
import { expect } from 'chai'
import { redTeam } from './support/red-team.js'
import { getPage, WireClient } from './support/server.js'

const SERVER_ONLY = [
  { t: 'visit', url: 'javascript:alert(1)', action: 'advance' },
  { t: 'flash', html: '<script>alert(1)</script>' },
  { t: 'js', id: 'x', c: [['set_attr', 'body', 'onload', 'alert(1)']] },
  { t: 'url', set: { q: '<x>' }, push: 1 },
  { t: 'focus', id: 'x', sel: 'input' },
  { t: 'rm', id: 'x' },
  { t: 'upd', ref: 'x' },
  { t: 'err', code: 'x', msg: 'x' },
]

describe('red team: the raw socket', () => {
  const team = redTeam()
  const clients: WireClient[] = []
  afterEach(() => clients.splice(0).forEach((c) => c.close()))

  async function joined(path = '/__reactor__') {
    const { cookie, components } = await getPage(`${team.node.url}/hostile`)
    const client = await WireClient.open(team.node.url, { cookie, path })
    clients.push(client)
    const [{ id, tok }] = components
    client.send({ t: 'join', p: 'page', c: [{ id, tok }] })
    return { client, id }
  }

  it('refuses every message type only the server sends, names the ones it takes, and goes on', async () => {
    const { client, id } = await joined()
    for (const msg of SERVER_ONLY) {
      client.send(msg)
      const answer = await client.next((m) => m.t === 'err')
      expect(answer, msg.t).to.include({ code: 'unknown-type' })
      // (reload: development's live reload, src/features/develop/live-reload.ts)
      expect((answer as { msg: string }).msg).to.match(/expected join, ev, lazy, leave, reload, up or upx/)
    }
    client.send({ t: 'ev', id, n: 'write', a: { text: 'still here' }, q: 1 })
    const render = await client.next((m) => 'id' in m && m.id === id && 'q' in m && m.q === 1)
    expect(JSON.stringify(render)).to.contain('still here')
    expect(client.received.filter((m) => m.t === 'visit' || m.t === 'flash' || m.t === 'js' || m.t === 'url')).to.deep.equal([])
  })

  it('puts a hostile nonce from the socket URL on the scripts of renders as an escaped attribute value', async () => {
    const nonce = '"><img src=x onerror=alert(1)><script>'
    const { client, id } = await joined(`/__reactor__?nonce=${encodeURIComponent(nonce)}`)
    client.send({ t: 'ev', id, n: 'inject', a: { html: 'x' }, q: 1 })
    const render = (await client.next((m) => 'id' in m && m.id === id && 'q' in m && m.q === 1)) as { html?: string }
    expect(render.html).to.contain('<script nonce="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;">')
    expect(render.html).not.to.contain('<img')
  })
})
