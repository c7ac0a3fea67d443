// The example app's showcase and its examples, in Chromium: what a visitor sees and does.
import { expect } from 'chai'
import type { BrowserContext } from 'playwright-core'
import { examples } from '../../example/app.js'
import { landsOn } from '../support/dashboard.js'
import { waitForText } from '../support/browser.js'
import { eventsSentBy, useExampleBrowser } from '../support/example-browser.js'

describe('browser: the examples', function () {
  const suite = useExampleBrowser()
  // a failed login answers 401, which the browser reports on its console
  const open = (path: string, within?: BrowserContext) => suite.open(path, { within, ignore: /status of 401/ })

  it('the index shows every example with what it shows, and each link opens it', async () => {
    const page = await open('/')
    const cards = await page.$$eval('.showcase .card a', (links) => links.map((a) => ({ href: a.getAttribute('href'), title: a.querySelector('h2')?.textContent, shows: a.querySelector('p')?.textContent })))
    expect(cards).to.deep.equal(examples.map(({ path, title, shows }) => ({ href: path, title, shows })))
    expect(cards.map((c) => c.href)).to.deep.equal(['counter', 'todo', 'search', 'signup', 'mixer', 'notes', 'report', 'dashboard', 'menu', 'chat', 'admin/dashboard'])
    expect(await page.$eval('.card a', (a) => getComputedStyle(a).borderRadius), 'styled').to.equal('10px')
    for (const { href } of cards) {
      await page.goto(`${suite.node.url}/`)
      await page.click(`.card a[href="${href}"]`)
      await page.waitForURL((url) => url.pathname.startsWith(landsOn(href!)))
      expect(await page.textContent('h1')).to.be.a('string').and.not.equal('')
    }
  })

  it('live search: five quick keystrokes send one search, and the rows that match come back', async () => {
    const page = await open('/search')
    const sent = eventsSentBy(page)
    await page.reload()
    expect(await page.textContent('.summary')).to.match(/^\d{3} time zones; type to search$/)
    await page.waitForFunction(() => (window as unknown as { reactor?: object }).reactor)
    // five input events in one task: all within the 250 ms debounce
    await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('.query')!
      input.focus()
      for (const text of ['p', 'pa', 'par', 'pari', 'paris']) {
        input.value = text
        input.dispatchEvent(new Event('input'))
      }
    })
    await waitForText(page, '.matches', '1')
    expect(await page.$$eval('.results .zone', (zones) => zones.map((z) => z.textContent))).to.deep.equal(['Europe/Paris'])
    expect(sent).to.deep.equal(['search'])
    await page.fill('.query', 'new york')
    await page.waitForFunction(() => document.querySelector('.results .zone')?.textContent === 'America/New_York')
    expect(await page.inputValue('.query'), 'what the user typed stays').to.equal('new york')
  })

  it('sign-up: each field is checked on the server as the user types it, all of them on submit, the address when it is saved', async () => {
    const page = await open('/signup')
    await page.fill('[name=name]', 'A')
    await waitForText(page, '.problem-name', 'Tell us your name (at least 2 letters).')
    expect(await page.$('.problem-email'), 'an empty field is not judged before the submit').to.equal(null)
    await page.fill('[name=name]', 'Grace')
    await page.fill('[name=email]', 'grace@example.com')
    await page.click('.create')
    await waitForText(page, '.problem-password', 'At least 8 characters, please.')
    expect(await page.$('.problem-name')).to.equal(null)
    expect(await page.inputValue('[name=email]')).to.equal('grace@example.com')
    await page.fill('[name=password]', 'grace@example.com')
    await page.click('.create')
    await waitForText(page, '.problem-password', 'Not your e-mail address.')
    await page.fill('[name=password]', 'cobol-1959')
    await page.click('.create')
    await waitForText(page, '.welcome h2', 'Welcome, Grace!')
    await page.click('.again')
    await page.fill('[name=name]', 'Grace')
    await page.fill('[name=email]', 'grace@example.com')
    await page.fill('[name=password]', 'cobol-1959')
    await page.click('.create')
    await waitForText(page, '.problem-email', 'An account with this address exists already.')
  })

  it('nested components: a child tells its parent, and the parent tells its children', async () => {
    const page = await open('/mixer')
    expect(await page.textContent('.hex')).to.equal('#40a0e0')
    await page.waitForFunction(() => (window as unknown as { reactor?: object }).reactor)
    await page.click('#mixer-red .more')
    await waitForText(page, '#mixer-red .level', '96')
    await waitForText(page, '.hex', '#60a0e0')
    await page.click('#mixer-blue .more')
    await waitForText(page, '#mixer-blue .level', '255')
    await waitForText(page, '.hex', '#60a0ff')
    await page.click('.reset')
    await waitForText(page, '.hex', '#808080')
    for (const channel of ['red', 'green', 'blue']) await waitForText(page, `#mixer-${channel} .level`, '128')
    expect(await page.$eval('.swatch', (s) => getComputedStyle(s).backgroundColor)).to.equal('rgb(128, 128, 128)')
  })

  it('private notes: a visitor is sent to log in; a logged-in person sees only their notes, live in each tab', async () => {
    const page = await open('/notes')
    expect(new URL(page.url()).pathname).to.equal('/notes/login')
    await page.fill('[name=login]', 'ada')
    await page.fill('[name=password]', 'wrong')
    await page.click('.login button')
    await waitForText(page, '.login .problem', 'That login and password do not match.')
    await page.fill('[name=password]', 'lovelace')
    await page.click('.login button')
    await page.waitForURL(`${suite.node.url}/notes`)
    await waitForText(page, '.who .name', 'Ada Lovelace')
    const other = await open('/notes')
    await page.waitForFunction(() => (window as unknown as { reactor?: object }).reactor)
    await other.waitForFunction(() => (window as unknown as { reactor?: object }).reactor)
    await page.fill('.add .text', 'the engine weaves algebraic patterns')
    await page.press('.add .text', 'Enter')
    await waitForText(page, '.notes .text', 'the engine weaves algebraic patterns')
    await waitForText(other, '.notes .text', 'the engine weaves algebraic patterns')
    expect(await page.inputValue('.add .text')).to.equal('')

    const grace = await suite.browser.newContext()
    try {
      const theirs = await open('/notes/login', grace)
      await theirs.fill('[name=login]', 'grace')
      await theirs.fill('[name=password]', 'hopper')
      await theirs.click('.login button')
      await waitForText(theirs, '.who .name', 'Grace Hopper')
      expect(await theirs.textContent('.notes')).to.equal('No notes yet.')
    } finally {
      await grace.close()
    }

    await page.click('.notes .remove')
    await waitForText(page, '.notes', 'No notes yet.')
    await page.click('.logout button')
    await page.waitForURL(`${suite.node.url}/notes/login`)
    await page.goto(`${suite.node.url}/notes`)
    expect(new URL(page.url()).pathname).to.equal('/notes/login')
  })
})
