// Red team: a visitor's text in the page's query string, read by `static query` fields. The value shows as
// text, of the field's type or not at all; a component mounted later over the socket (lazy) reads the page's
// URL, never the socket's.
import { expect } from 'chai'
import { getPage, WireClient } from './support/server.js'
import { redTeam } from './support/red-team.js'

const VALUES = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '$&', "$'", '\u0002reactor-flash\u0002', 'x'.repeat(2000)]

describe('red team: query values', () => {
  const team = redTeam()

  for (const value of VALUES) {
    it(`shows the query value ${JSON.stringify(value.slice(0, 40))} as text`, async () => {
      const page = await team.open(`/hostile?q=${encodeURIComponent(value)}`)
      expect(page.text('.q')).to.equal(value)
      expect(page.$$('script').filter((s) => s.textContent!.includes('alert')), 'no script of the text').to.deep.equal([])
      expect(page.$$('img, [reactor-component] [onerror]').length).to.equal(0)
    })
  }

  it('leaves out a value of another shape than the field (a repeated parameter for a string)', async () => {
    const page = await team.open('/hostile?q=a&q=b')
    expect(page.text('.q')).to.equal('')
  })

  it("mounts a lazy component with the page's query values, not the socket's", async () => {
    const { html, cookie } = await getPage(`${team.node.url}/hostile?lazy=1&q=from-the-page`, '')
    const ticket = /id="later" reactor-lazy="" lazy="([^"]+)"/.exec(html)![1]
    const client = await WireClient.open(team.node.url, { cookie, path: '/__reactor__?q=from-the-socket' })
    try {
      client.send({ t: 'lazy', c: [{ id: 'later', tok: ticket }] })
      const render = (await client.next((m) => 'id' in m && m.id === 'later')) as { html?: string }
      expect(render.html).to.contain('<p class="q">from-the-page</p>')
    } finally {
      client.close()
    }
  })
})
