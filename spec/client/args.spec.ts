// The argument parser of event bindings: an object literal read without eval.
import { expect } from 'chai'
import { parseArgs } from '../../src/wire/args.js'

const input = { value: 'typed', checked: true, dataset: { id: '42' }, tagName: 'INPUT' }
const event = { type: 'keyup', key: 'Enter', detail: { x: 1 }, target: input }
const parse = (source: string) => parseArgs(source, input, event)

describe('client: the argument parser', () => {
  it('reads JSON', () => {
    expect(parse('{"a": 1, "b": [true, false, null], "c": {"d": "e"}}')).to.deep.equal({ a: 1, b: [true, false, null], c: { d: 'e' } })
  })

  it('reads the JavaScript shorthand: unquoted and single-quoted keys, single-quoted strings', () => {
    expect(parse("{amount: 0, 'two words': 'it\\'s', $x_1: 'a \"quote\"'}")).to.deep.equal({ amount: 0, 'two words': "it's", $x_1: 'a "quote"' })
  })

  it('reads numbers: negative, decimal, exponent', () => {
    expect(parse('{a: -1, b: 2.5, c: 1e3, d: 1E-2}')).to.deep.equal({ a: -1, b: 2.5, c: 1000, d: 0.01 })
  })

  it('leaves names inside strings alone', () => {
    expect(parse("{text: 'this.value and event.key', other: \"true: null\"}")).to.deep.equal({ text: 'this.value and event.key', other: 'true: null' })
  })

  it('reads this.<path> (the element) and event.<path> (the DOM event)', () => {
    expect(parse('{v: this.value, on: this.checked, id: this.dataset.id, key: event.key, x: event.detail.x, t: event.target.tagName}'))
      .to.deep.equal({ v: 'typed', on: true, id: '42', key: 'Enter', x: 1, t: 'INPUT' })
  })

  it('gives null for a path that leads nowhere', () => {
    expect(parse('{a: this.nothing, b: this.nothing.deeper}')).to.deep.equal({ a: null, b: null })
  })

  it('accepts an empty object and spaces around everything', () => {
    expect(parse('  {  }  ')).to.deep.equal({})
    expect(parse(' { a : [ 1 , 2 ] } ')).to.deep.equal({ a: [1, 2] })
  })

  for (const [source, why] of [
    ['{a: window.location}', 'a name other than this and event'],
    ['{a: alert(1)}', 'a call'],
    ['{a: this.value()}', 'a call on a reference'],
    ['{a: 1 + 2}', 'an operator'],
    ['{a: this.constructor}', 'constructor'],
    ['{a: this.__proto__}', '__proto__'],
    ['{a: event.target.prototype}', 'prototype'],
    ['{a.b: 1}', 'a dotted key'],
    ['{a: 1,}', 'a trailing comma'],
    ['{a: 1', 'an unclosed object'],
    ["{a: 'open}", 'an unterminated string'],
    ['[1, 2]', 'a list at the top'],
    ["'text'", 'a string at the top'],
    ['null', 'null at the top'],
    ['{a: 0x10}', 'a hexadecimal number'],
    ['{a: `template`}', 'a template string'],
  ]) {
    it(`refuses ${why}: ${source}`, () => expect(() => parse(source)).to.throw(SyntaxError, /reactor: bad arguments/))
  }

  it('drops __proto__, constructor and prototype keys rather than set them', () => {
    const out = parse('{"__proto__": {"polluted": 1}, constructor: 2, ok: 3}')
    expect(out).to.deep.equal({ ok: 3 })
    expect(({} as { polluted?: number }).polluted).to.equal(undefined)
  })
})
