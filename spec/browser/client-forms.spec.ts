// Without arguments, an event sends the enclosing form (or the whole component), by the seed's rules;
// explicit arguments are merged on top.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { clientSuite, logOf } from '../support/client.js'

/** What the form of x-client-form sends as the page renders it. */
const FORM = {
  person: { name: 'Ada', age: '36' },
  tags: ['a', 'c'],
  none: [],
  persons: [{ name: 'Grace', admin: false }, { name: 'Linus', admin: true }],
  agree: false,
  size: 'm',
  pick: ['1', '3'],
  one: 'y',
  bio: 'Hello',
  rich: '<b>bold</b> text',
  plain: 'plain text',
}

describe('browser client: form serialization', function () {
  const suite = clientSuite()
  let page: Page
  beforeEach(async () => {
    page = await suite.open('/c/x-client-form')
  })

  it('sends every field of the form by its rules; unchecked, disabled, submit and nested-component fields stay out', async () => {
    await page.click('.send')
    expect(await logOf(page, 1)).to.deep.equal([FORM])
  })

  it('sends what the user changed: text, checkboxes, radios, selects, textarea, contenteditable', async () => {
    await page.fill('[name="person.name"]', 'Ada L.')
    await page.check('[name="tags[]"][value="b"]')
    await page.uncheck('[name="tags[]"][value="a"]')
    await page.check('[name="agree"]')
    await page.check('[name="newsletter"]')
    await page.check('[name="size"][value="s"]')
    await page.selectOption('[name="pick"]', ['2'])
    await page.selectOption('[name="one"]', 'x')
    await page.fill('[name="bio"]', 'Line one\nLine two')
    await page.fill('[name="plain"]', 'typed as text')
    await page.click('.send')
    expect(await logOf(page, 1)).to.deep.equal([{
      ...FORM,
      person: { name: 'Ada L.', age: '36' },
      tags: ['b', 'c'],
      agree: true,
      newsletter: 'weekly',
      size: 's',
      pick: ['2'],
      one: 'x',
      bio: 'Line one\nLine two',
      plain: 'typed as text',
    }])
  })

  it('merges explicit arguments on top of the fields', async () => {
    await page.click('.merge')
    expect(await logOf(page, 1)).to.deep.equal([{ ...FORM, extra: 1, person: 'replaced' }])
  })

  it('sends the whole component (outside any form) from an element outside the form, still without the child', async () => {
    await page.click('.component')
    expect(await logOf(page, 1)).to.deep.equal([{ ...FORM, outside: 'component field' }])
  })
})
