// Forms in Chromium, on the sign-up example (`t`) and its zod twin: a field shows no error until the user has used
// it, one as they type (debounced), with aria-invalid; fixing it takes the error away; a submit of the empty form
// shows every error and puts the focus on the first invalid field.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import { waitForText } from '../support/browser.js'
import { useExampleBrowser } from '../support/example-browser.js'

describe('browser: forms', function () {
  const suite = useExampleBrowser()

  /** `sent`: the events the page sends over its socket, by handler name. */
  async function open(path: string, sent: string[] = []): Promise<Page> {
    const page = await suite.open(path, { sent })
    await page.waitForFunction(() => (window as unknown as { reactor?: object }).reactor)
    return page
  }

  const aria = (page: Page, name: string) =>
    page.$eval(`[name=${name}]`, (el) => ({ invalid: el.getAttribute('aria-invalid'), describedBy: el.getAttribute('aria-describedby') }))
  const problem = async (page: Page, name: string) => (await page.$(`.problem-${name}`)) && page.textContent(`.problem-${name}`)

  for (const [path, schema] of [['/signup', 't'], ['/signup/zod', 'zod']]) {
    describe(`the sign-up with ${schema}`, () => {
      it('a bad e-mail: no error before the user types, one after (debounced), aria-invalid; fixed, it goes', async () => {
        const sent: string[] = []
        const page = await open(path, sent)
        expect(await problem(page, 'email')).to.equal(null)
        await page.type('[name=email]', 'ada')
        await waitForText(page, '.problem-email', 'That does not look like an e-mail address.')
        expect(sent.length > 0 && sent.every((n) => n === 'validate'), 'typing sends validate events').to.equal(true)
        const { invalid, describedBy } = await aria(page, 'email')
        expect(invalid).to.equal('true')
        expect(describedBy).to.equal(await page.getAttribute('.problem-email', 'id'))
        expect(await problem(page, 'name'), 'the name was never touched').to.equal(null)
        expect(await problem(page, 'password')).to.equal(null)
        expect(await aria(page, 'name')).to.deep.equal({ invalid: null, describedBy: null })
        expect(await page.inputValue('[name=email]'), 'what the user typed stays').to.equal('ada')
        await page.type('[name=email]', '@lovelace.org')
        await page.waitForSelector('.problem-email', { state: 'detached' })
        expect(await aria(page, 'email')).to.deep.equal({ invalid: null, describedBy: null })
        expect(await page.inputValue('[name=email]')).to.equal('ada@lovelace.org')
      })

      it('a submit of the empty form shows every error and puts the focus on the first invalid field', async () => {
        const page = await open(path)
        await page.click('.create')
        await waitForText(page, '.problem-name', 'Tell us your name (at least 2 letters).')
        await waitForText(page, '.problem-email', 'That does not look like an e-mail address.')
        await waitForText(page, '.problem-password', 'At least 8 characters, please.')
        for (const name of ['name', 'email', 'password']) expect((await aria(page, name)).invalid).to.equal('true')
        await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'name')
        // typing the name fixes it; the others keep their errors (the form was submitted: every field is used)
        await page.type('[name=name]', 'Grace')
        await page.waitForSelector('.problem-name', { state: 'detached' })
        expect(await problem(page, 'email')).to.equal('That does not look like an e-mail address.')
      })
    })
  }

  it('zod: the address is checked against the accounts as the user types; a valid submit signs up', async () => {
    const page = await open('/signup/zod')
    await page.type('[name=email]', 'ada@example.com')
    await waitForText(page, '.problem-email', 'An account with this address exists already.')
    await page.fill('[name=email]', 'grace@hopper.org')
    await page.type('[name=name]', 'Grace')
    await page.type('[name=password]', 'cobol-1959')
    await page.waitForSelector('.problem-email', { state: 'detached' })
    await page.click('.create')
    await waitForText(page, '.welcome h2', 'Welcome, Grace!')
  })
})
