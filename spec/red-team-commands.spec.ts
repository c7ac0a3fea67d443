// Red team: a visitor's text in the arguments of a handler's client commands (`this.js()`). A command may
// set attributes, never script: no `on*` handler, no `srcdoc`, no `javascript:` URL.
import { expect } from 'chai'
import { scriptedAttribute } from '../src/features/command-attributes.js'
import { redTeam } from './support/red-team.js'

const SCRIPTED: Array<[string, string]> = [
  ['onclick', 'alert(1)'],
  ['ONMOUSEOVER', 'alert(1)'],
  [' onfocus', 'alert(1)'],
  ['srcdoc', '<script>alert(1)</script>'],
  ['href', 'javascript:alert(1)'],
  ['href', ' JavaScript:alert(1)'],
  ['href', 'java\tscript:alert(1)'],
  ['href', '\u0001javascript:alert(1)'],
  ['formaction', 'vbscript:x'],
  ['xlink:href', 'javascript:alert(1)'],
]
const HARMLESS: Array<[string, string]> = [
  ['title', 'about javascript: the good parts'],
  ['href', '/docs/javascript:intro'],
  ['href', 'https://example.com/?onclick=1'],
  ['aria-label', 'on sale'],
  ['data-on', 'x'],
  ['class', 'open'],
]

describe('red team: client commands', () => {
  const team = redTeam()

  it('reads event handlers, srcdoc and script URLs as scripted, and other attributes as not', () => {
    for (const [name, value] of SCRIPTED) expect(scriptedAttribute(name, value), `${name}=${value}`).to.equal(true)
    for (const [name, value] of HARMLESS) expect(scriptedAttribute(name, value), `${name}=${value}`).to.equal(false)
  })

  it("fails a handler whose set_attr would set script from a visitor's text, and sends no command", async () => {
    const page = await team.open('/hostile')
    for (const [name, value] of SCRIPTED) {
      const answer = await page.send('.target', 'attr', { name, value })
      expect(answer, `${name}=${value}`).to.include({ t: 'err', code: 'handler-failed' })
    }
    expect(page.messages.filter((m) => m.t === 'js')).to.deep.equal([])
  })

  it('sends the other attributes as they were given', async () => {
    const page = await team.open('/hostile')
    for (const [name, value] of HARMLESS) {
      await page.send('.target', 'attr', { name, value })
      const js = await page.next((m) => m.t === 'js')
      expect(js).to.deep.include({ c: [['set_attr', '.target', name, value]] })
    }
  })
})
