import { expect } from 'chai'
import { jsonCopy } from '../src/core/json-copy.js'

// What a token carries of a state is what its JSON text brings back: the copy without the text must be that too.
describe('a state copied for its token', () => {
  const roundTrip = (values: Record<string, unknown>) => JSON.parse(JSON.stringify(values))

  it('is what the JSON text would give back, for plain values and for every value JSON changes or drops', () => {
    const states: Array<Record<string, unknown>> = [
      { count: 3, name: 'Ada', done: false, note: null },
      { count: -0 },
      { count: NaN, big: Infinity },
      { left: undefined, kept: 1 },
      { at: new Date(0), list: [1, 'two', { three: 3 }], nested: { a: { b: [] } } },
      { '10': 'ten', '2': 'two', b: 'b', a: 'a' },
      {},
    ]
    for (const state of states) {
      const copy = jsonCopy(state)
      expect(copy, JSON.stringify(state)).to.deep.equal(roundTrip(state))
      expect(Object.keys(copy), 'in the same order').to.deep.equal(Object.keys(roundTrip(state)))
      expect(Object.is(copy.count, -0), 'no -0').to.equal(false)
    }
  })

  it('shares nothing with the instance: a handler that changes a list later changes no token', () => {
    const state = { items: ['a'], count: 1 }
    const copy = jsonCopy(state) as typeof state
    state.items.push('b')
    expect(copy.items).to.deep.equal(['a'])
  })
})
