// Red team: a visitor's text as the URL of `visit` and `redirect`. The browser is sent to a path of this site
// or to an http(s) URL written with its scheme; never to a script, and never off-site by a URL that reads as
// a path (browsers read `\` as `/`).
import { expect } from 'chai'
import { navigable } from '../src/features/navigation.js'
import { redTeam } from './support/red-team.js'

const OFF_SITE_PATHS = ['//evil.example/x', '/\\evil.example/x', '\\\\evil.example/x', '\\/evil.example', '/\\/evil.example', ' //evil.example', '/\t/evil.example', '///evil.example']
const SCRIPTS = ['javascript:alert(1)', ' javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'java\nscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', 'blob:http://x/y', 'file:///etc/passwd']
const FINE = ['/todo', 'todo', '?page=2', '#top', '/a/b?c=d#e', '/a\\b', 'https://example.com/', 'http://127.0.0.1:1/x']

describe('red team: navigation', () => {
  const team = redTeam()

  it('refuses a URL without a scheme that a browser reads as another site', () => {
    for (const url of OFF_SITE_PATHS) expect(() => navigable(url), url).to.throw(/give a path of this site or an http\(s\) URL/)
  })

  it('keeps paths of this site and http(s) URLs as they are', () => {
    for (const url of FINE) expect(navigable(url), url).to.equal(url)
  })

  for (const handler of ['go', 'load']) {
    it(`answers \`${handler}\` to an off-site path or a script with an error, and sends the browser nowhere`, async () => {
      const page = await team.open('/hostile')
      for (const url of [...OFF_SITE_PATHS, ...SCRIPTS]) {
        const answer = await page.send('.target', handler, { url })
        expect(answer, url).to.include({ t: 'err', code: 'handler-failed' })
      }
      expect(page.messages.filter((m) => m.t === 'visit')).to.deep.equal([])
    })

    it(`sends the browser to a path of this site with \`${handler}\``, async () => {
      const page = await team.open('/hostile')
      await page.send('.target', handler, { url: '/todo?x=<b>' })
      const visit = await page.next((m) => m.t === 'visit')
      expect(visit).to.include({ url: '/todo?x=<b>', action: handler === 'go' ? 'advance' : 'redirect' })
    })
  }
})
