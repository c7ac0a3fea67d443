// Red team: a visitor's text as a stream item's id and text. Each item shows its own text under its own id,
// is updated and deleted by that id, and nothing a visitor types becomes markup or a replacement pattern.
// And a streamed handler (steps) to a socket that stops reading holds no more than the `bufferedBytes` limit.
import { expect } from 'chai'
import { XFlood } from './fixtures/hostile.js'
import { redTeam } from './support/red-team.js'
import { getPage, WireClient } from './support/server.js'
import { until } from './support/until.js'

const KEYS = ['$&', "$`", "$'", '$$', '$1', '"x"', '<b>', '&amp;', '\\', '}]', 'a"b\'c']

describe('red team: streams', () => {
  const team = redTeam()

  for (const key of KEYS) {
    it(`inserts, updates and deletes the item with id ${JSON.stringify('tag-' + key)}`, async () => {
      const page = await team.open('/hostile')
      const shown = () => page.$$('.tags li').map((li) => [li.id, li.textContent])
      await page.send('.target', 'tag', { key: 'plain', text: 'first' })
      await page.send('.target', 'tag', { key, text: `<i>${key}</i>` })
      expect(shown()).to.deep.equal([['tag-plain', 'first'], [`tag-${key}`, `<i>${key}</i>`]])
      await page.send('.target', 'tag', { key, text: 'updated' })
      expect(shown(), 'updated in place').to.deep.equal([['tag-plain', 'first'], [`tag-${key}`, 'updated']])
      await page.send('.target', 'untag', { key })
      expect(shown()).to.deep.equal([['tag-plain', 'first']])
      expect(page.$$('.tags [\\:stream], .tags i, .tags b').length).to.equal(0)
    })
  }

  it('refuses an id with white space, and the page keeps what it shows', async () => {
    const page = await team.open('/hostile')
    await page.send('.target', 'tag', { key: 'a', text: 'first' })
    const answer = await page.send('.target', 'tag', { key: 'x" onclick="alert(1)', text: 'evil' })
    expect(answer).to.include({ t: 'err', code: 'handler-failed' })
    expect(page.$$('.tags li').map((li) => li.id)).to.deep.equal(['tag-a'])
  })
})

describe('red team: a streamed handler to a browser that stops reading', () => {
  const LIMIT = 64 * 1024
  const team = redTeam({ components: [XFlood], limits: { bufferedBytes: LIMIT } })

  it('runs no further step while the answers back up, and finishes once the browser reads again', async function () {
    this.timeout(30_000)
    const { cookie, components } = await getPage(`${team.node.url}/flood`)
    const client = await WireClient.open(team.node.url, { cookie })
    const socket = (client.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket
    try {
      client.send({ t: 'join', p: 'flood', c: components.map(({ id, tok }) => ({ id, tok })) })
      socket.pause()
      XFlood.ran = 0
      const steps = 300 // 64 KB each: about 20 MB the node would hold otherwise
      client.send({ t: 'ev', id: 'flood', n: 'flood', a: { steps }, q: 1 })
      let seen = -1
      await until(async () => {
        const now = XFlood.ran
        await new Promise((resolve) => setTimeout(resolve, 500))
        return now > 0 && now === (seen = XFlood.ran)
      }, 'the handler to stop stepping')
      expect(seen, 'steps run while the browser did not read').to.be.below(steps)
      socket.resume()
      await until(() => XFlood.ran === steps, `all ${steps} steps run`, 20_000)
      // the last step's render answers the event (q 1); the earlier ones came without it
      const answer = await client.next((m) => 'q' in m && m.q === 1, 20_000).catch(() => undefined)
      expect(answer, 'the answer to the event').not.to.equal(undefined)
    } finally {
      client.close()
    }
  })
})
