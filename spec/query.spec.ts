// State in the URL on the server: values read at mount, and the URL's move after a render.
import { expect } from 'chai'
import { Registry } from '../src/core/registry.js'
import { fromQuery, queryMove, queryPlugin } from '../src/features/query.js'
import { Component, t } from '../src/index.js'

class XSearch extends Component {
  static template = 'x-search.pug'
  static state = { q: t.string().default(''), page: t.int().default(1), tags: t.array(t.string()).default([]) }
  static query = { q: 'q', page: { param: 'p', push: true }, tags: 'tag' }
  q = ''
  page = 1
  tags: string[] = []
}

class XWrong extends Component {
  static template = 'x-wrong.pug'
  static query = { missing: 'm' }
}

const registry = new Registry([queryPlugin])
const search = registry.register(XSearch)

describe('state in the URL (server)', () => {
  it('reads the declared parameters with the fields’ types, and leaves out what does not fit', () => {
    expect(fromQuery(search, { q: 'tea', p: '3', tag: ['a', 'b'], other: 'x' })).to.deep.equal({ q: 'tea', page: 3, tags: ['a', 'b'] })
    expect(fromQuery(search, { q: 'tea', p: 'three' })).to.deep.equal({ q: 'tea' })
  })

  it('moves the URL for the fields that changed: push when one of them pushes, null back at the default', () => {
    const before = { q: '', page: 2, tags: [] }
    expect(queryMove(search, before, { ...before, q: 'tea' })).to.deep.equal({ t: 'url', set: { q: 'tea' } })
    expect(queryMove(search, before, { ...before, page: 1, tags: ['a', 'b'] })).to.deep.equal({ t: 'url', set: { p: null, tag: ['a', 'b'] }, push: 1 })
    expect(queryMove(search, before, before)).to.equal(undefined)
  })

  it('says which field a query names that is not in static state', () => {
    expect(() => fromQuery(registry.register(XWrong), {})).to.throw(/x-wrong: static query names "missing", which is not in static state/)
  })
})
