// Red team: a visitor's text as a stream item's id and text. Each item shows its own text under its own id,
// is updated and deleted by that id, and nothing a visitor types becomes markup or a replacement pattern.
import { expect } from 'chai'
import { redTeam } from './support/red-team.js'

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
