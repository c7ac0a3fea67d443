// The form serializer (the browser's fields, nested by the server's wire/fields.ts), in a DOM from happy-dom
// (the browser specs check the same rules in Chromium).
/// <reference lib="dom" />
import { expect } from 'chai'
import { Window } from 'happy-dom'

// the client's modules read `document` when they load: the DOM goes in first
const window = new Window()
Object.assign(globalThis, { document: window.document })
const { fields } = await import('../../src/wire/form-fields.js')
const { nest } = await import('../../src/wire/fields.js')
const serialize = (scope: Element) => nest(fields(scope))

/** A component root holding `html`; returns the element `selector` picks (default: the root). */
function render(html: string, selector?: string): Element {
  window.document.body.innerHTML = `<div id="rx-1" reactor-component="x-test">${html}</div>`
  return window.document.querySelector(selector ?? '#rx-1') as unknown as Element
}

describe('client: the form serializer', () => {
  after(() => window.close())

  it('nests dotted names', () => {
    expect(serialize(render('<input name="person.name" value="Ada"><input name="person.address.city" value="London">')))
      .to.deep.equal({ person: { name: 'Ada', address: { city: 'London' } } })
  })

  it('collects `x[]` into a list, and `items[].field` into a list of objects', () => {
    expect(serialize(render(`
      <input name="tags[]" value="a"><input name="tags[]" value="b">
      <input name="persons[].name" value="Grace"><input name="persons[].age" value="85">
      <input name="persons[].name" value="Linus"><input name="persons[].age" value="55">`)))
      .to.deep.equal({ tags: ['a', 'b'], persons: [{ name: 'Grace', age: '85' }, { name: 'Linus', age: '55' }] })
  })

  it('checkboxes: the value when checked, true without a value; unchecked: false without a value, [] for a list, else left out', () => {
    expect(serialize(render(`
      <input type="checkbox" name="yes" checked><input type="checkbox" name="no">
      <input type="checkbox" name="mail" value="weekly" checked><input type="checkbox" name="sms" value="daily">
      <input type="checkbox" name="tags[]" value="a" checked><input type="checkbox" name="tags[]" value="b">
      <input type="checkbox" name="empty[]" value="a">`)))
      .to.deep.equal({ yes: true, no: false, mail: 'weekly', tags: ['a'], empty: [] })
  })

  it('radios: the checked one, or nothing', () => {
    expect(serialize(render(`
      <input type="radio" name="size" value="s"><input type="radio" name="size" value="m" checked>
      <input type="radio" name="color" value="red">`)))
      .to.deep.equal({ size: 'm' })
  })

  it('selects (one or many), textareas, contenteditable (HTML, or text with :as-text)', () => {
    expect(serialize(render(`
      <select name="one"><option value="x">x</option><option value="y" selected>y</option></select>
      <select name="many" multiple><option value="1" selected>1</option><option value="2">2</option><option value="3" selected>3</option></select>
      <select name="ids[]" multiple><option value="7" selected>7</option></select>
      <textarea name="bio">Hello</textarea>
      <div contenteditable="true" name="rich"><b>bold</b></div>
      <div contenteditable="true" name="plain" :as-text>just <i>text</i></div>`)))
      .to.deep.equal({ one: 'y', many: ['1', '3'], ids: ['7'], bio: 'Hello', rich: '<b>bold</b>', plain: 'just text' })
  })

  // (a disabled <fieldset> is checked in Chromium: happy-dom does not match :disabled inside one)
  it('leaves out disabled fields, buttons, submit and file inputs, and elements that are not fields', () => {
    expect(serialize(render(`
      <input name="off" value="x" disabled>
      <button name="b" value="1">b</button><input type="submit" name="s" value="go"><input type="file" name="f">
      <a name="anchor">a</a><input name="kept" value="z">`)))
      .to.deep.equal({ kept: 'z' })
  })

  it("leaves out a nested component's fields", () => {
    expect(serialize(render('<input name="mine" value="1"><div id="rx-2" reactor-component="x-child"><input name="theirs" value="2"></div>')))
      .to.deep.equal({ mine: '1' })
  })

  it('serializes a form on its own, inside its component', () => {
    const form = render('<input name="outside" value="1"><form><input name="inside" value="2"></form>', 'form')
    expect(serialize(form)).to.deep.equal({ inside: '2' })
  })

  it('sends the fields in page order as [name, value] pairs', () => {
    expect(fields(render('<input name="b" value="1"><input name="a.x" value="2"><input type="checkbox" name="c">')))
      .to.deep.equal([['b', '1'], ['a.x', '2'], ['c', false]])
  })

  it('never writes through __proto__, constructor or prototype', () => {
    const out = nest([['__proto__.polluted', 1], ['a.constructor.prototype.polluted', 1], ['list[].__proto__', 1]])
    expect(({} as { polluted?: number }).polluted).to.equal(undefined)
    expect(JSON.stringify(out)).not.to.contain('polluted')
    // a name an object inherits is a field like any other: its own property, the prototype untouched
    expect(nest([['toString.x', 1]])).to.deep.equal({ toString: { x: 1 } })
    expect(typeof {}.toString).to.equal('function')
  })

  it('keeps the first kind a name was given when later fields disagree (a value, an object, a list)', () => {
    expect(nest([['a', 'x'], ['a.b', 'y'], ['l[]', '1'], ['l.k', '2'], ['o.k', '3'], ['o[]', '4']]))
      .to.deep.equal({ a: 'x', l: ['1'], o: { k: '3' } })
  })
})
