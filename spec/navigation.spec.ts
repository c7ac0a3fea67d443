// Where visit() and redirect() may send the browser.
import { expect } from 'chai'
import { navigable } from '../src/features/navigation.js'

describe('navigation targets', () => {
  it('takes paths of the site and http(s) URLs as they are', () => {
    for (const url of ['/todo', 'todo?filter=active', '/a#b', 'https://example.com/x', 'http://127.0.0.1:8000/']) expect(navigable(url)).to.equal(url)
  })

  it('refuses other schemes and URLs with control characters, saying what is allowed', () => {
    for (const url of ['javascript:alert(1)', 'JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,x', '/ok\nLocation: x', 'vbscript:x']) {
      expect(() => navigable(url), url).to.throw(/give a path of this site or an http\(s\) URL/)
    }
  })
})
