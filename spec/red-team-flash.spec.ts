// Red team: a visitor's text in flash messages, and in the page around the layout's `flash()`. What the
// visitor (or the victim of a crafted link) sees is the text, once, as text; the page is never rewritten.
import { expect } from 'chai'
import { redTeam } from './support/red-team.js'

/** what String.replace would read as a pattern, and HTML that would run if it were not text */
const HOSTILE = ["$`", "$'", '$&', '$$', '$1', '$<x>', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '\u0002reactor-flash\u0002']

describe('red team: flash messages and the placeholders of a page render', () => {
  const team = redTeam()

  const count = (html: string, what: string) => html.split(what).length - 1

  for (const text of HOSTILE) {
    it(`shows ${JSON.stringify(text)} flashed during a page render as text, once, and the page once`, async () => {
      const page = await team.open(`/hostile?say=${encodeURIComponent(text)}`)
      const html = page.document.documentElement.outerHTML
      expect(count(html, '<h1>hostile</h1>'), 'the page is not copied into itself').to.equal(1)
      expect(count(html, 'reactor-component='), 'one component').to.equal(1)
      expect(page.$$('[reactor-flash] p').map((p) => p.firstChild!.textContent)).to.deep.equal([text])
      expect(page.$$('script').filter((s) => s.textContent!.includes('alert')), 'no script of the text').to.deep.equal([])
    })

    it(`shows ${JSON.stringify(text)} flashed by a handler as text, once`, async () => {
      const page = await team.open('/hostile')
      expect(await page.send('.target', 'say', { text })).not.to.have.property('t', 'err')
      const flash = await page.next((m) => m.t === 'flash')
      const box = page.document.createElement('div')
      box.innerHTML = (flash as { html: string }).html
      expect([...box.querySelectorAll('p')].map((p) => p.firstChild!.textContent)).to.deep.equal([text])
      expect(box.querySelectorAll('script, img').length).to.equal(0)
    })
  }

  it("keeps the flash container where the layout's flash() is, whatever text the page holds before it", async () => {
    // the placeholder of `flash()` used to be a fixed string: text holding it took the container into an attribute
    const note = '\u0002reactor-flash\u0002'
    const page = await team.open(`/hostile?note=${encodeURIComponent(note)}&say=hi`)
    expect(page.$('meta[name="note"]')!.getAttribute('content')).to.equal(note)
    expect(page.$$('[reactor-flash]').map((el) => el.parentElement!.tagName)).to.deep.equal(['BODY'])
    expect(page.text('[reactor-flash] p')).to.equal('hi×')
    expect(page.document.body.innerHTML).not.to.match(/\u0002/)
  })

  it("never takes a visitor's text for the place of a component (the page's `component()` calls)", async () => {
    // a `component()` call stood as a fixed mark until it rendered: text holding it became a copy of the component
    for (const note of ['\u00010\u0001', '\u00011\u0001']) {
      const page = await team.open(`/hostile?note=${encodeURIComponent(note)}`)
      expect(page.$('meta[name="note"]')!.getAttribute('content')).to.equal(note)
      expect(page.$$('[reactor-component]').length).to.equal(1)
    }
  })
})
