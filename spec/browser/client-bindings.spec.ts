// Event binding `@<event>[.modifier...]="handler {args}"`: every modifier, and the arguments.
// A binding that must not send is followed by one that must: the log shows both were handled in order.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { clientSuite, whichOf, logOf } from '../support/client.js'

/** Sets the value of `selector` and fires `input` on it, once per value, all in the same task. */
function typeAtOnce(page: Page, selector: string, values: string[]): Promise<void> {
  return page.$eval(selector, (el, list) => {
    for (const value of list) {
      ;(el as HTMLInputElement).value = value
      el.dispatchEvent(new Event('input', { bubbles: true }))
    }
  }, values)
}

describe('browser client: event binding and modifiers', function () {
  const suite = clientSuite()
  let page: Page
  beforeEach(async () => {
    page = await suite.open('/c/x-client-keys')
  })

  it('sends a plain click, and nothing for an empty binding', async () => {
    await page.click('.nothing')
    await page.click('.plain')
    expect(await whichOf(page, 1)).to.deep.equal(['plain'])
  })

  it('prevent: the link is not followed', async () => {
    await page.click('.prevent')
    expect(await whichOf(page, 1)).to.deep.equal(['prevent'])
    expect(await page.evaluate(() => location.hash)).to.equal('')
  })

  it('stop: the event does not reach the bindings around the element', async () => {
    await page.click('.bubble')
    expect(await whichOf(page, 2)).to.deep.equal(['bubble', 'outer'])
    await page.click('.stop')
    await page.click('.plain')
    expect(await whichOf(page, 4)).to.deep.equal(['bubble', 'outer', 'stop', 'plain'])
  })

  it('key names: enter, esc, space, up, arrowdown, tab; other keys send nothing', async () => {
    await page.focus('.keys')
    for (const key of ['a', 'Enter', 'Escape', 'Space', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'Tab']) await page.keyboard.press(key)
    expect(await whichOf(page, 6)).to.deep.equal(['enter', 'esc', 'space', 'up', 'arrowdown', 'tab'])
    expect(await page.inputValue('.keys'), 'space.prevent kept the space out of the field').to.equal('a')
    expect(await page.evaluate(() => document.activeElement?.className), 'tab.prevent kept the focus').to.equal('keys')
  })

  it('ctrl, alt, shift, meta: the key counts only with its modifier', async () => {
    await page.focus('.mods')
    for (const key of ['k', 'Control+k', 'Alt+k', 'Shift+K', 'Meta+k']) await page.keyboard.press(key)
    expect(await whichOf(page, 4)).to.deep.equal(['ctrl', 'alt', 'shift', 'meta'])
  })

  it('debounce.300: a burst of input sends once, with the last value', async () => {
    await typeAtOnce(page, '.debounce', ['a', 'ab', 'abc'])
    expect(await whichOf(page, 1)).to.deep.equal(['abc'])
    await page.click('.plain')
    expect(await whichOf(page, 2)).to.deep.equal(['abc', 'plain'])
  })

  it("the seed's 300.name.debounce: elements with the same name share one timer", async () => {
    await page.$$eval('.seed-a, .seed-b', (inputs) => {
      for (const el of inputs) {
        ;(el as HTMLInputElement).value = el.className
        el.dispatchEvent(new Event('input'))
      }
    })
    expect(await whichOf(page, 1)).to.deep.equal(['seed-b'])
    await page.click('.plain')
    expect(await whichOf(page, 2)).to.deep.equal(['seed-b', 'plain'])
  })

  it('throttle.60000: one click of a burst gets through', async () => {
    await page.$eval('.throttle', (button) => [1, 2, 3].forEach(() => (button as HTMLButtonElement).click()))
    await page.click('.plain')
    expect(await whichOf(page, 2)).to.deep.equal(['throttle', 'plain'])
  })

  it('inlinejs: runs the attribute as JavaScript with this and event, and sends nothing', async () => {
    await page.click('.inline')
    expect(await page.textContent('.inline')).to.equal('ran on click')
    await page.click('.plain')
    expect(await whichOf(page, 1)).to.deep.equal(['plain'])
  })

  it('arguments: literals, lists, objects, quoted keys, and this.<prop> / event.<prop>', async () => {
    await page.click('.args')
    expect(await logOf(page, 1)).to.deep.equal([
      { which: 'args', x: '7', type: 'click', tag: 'BUTTON', list: [1, 2.5, -3, 'four', true, null], nested: { 'quoted key': 'double' } },
    ])
  })

  it("arguments: this.value is the field's value when the event fires", async () => {
    await page.fill('.value', 'typed by hand')
    await page.press('.value', 'Tab')
    expect(await whichOf(page, 1)).to.deep.equal(['typed by hand'])
  })
})
