import { expect } from 'chai'
import { createApp } from '../example/app.js'
import { open, serve } from '../src/testing.js'
import { isRender } from '../src/wire/protocol.js'

// The example app tested the way users test theirs: with koa-reactor/testing.
describe('example app (with the test client)', () => {
  let server: Awaited<ReturnType<typeof serve>>
  before(async () => {
    server = await serve((await createApp({ secret: 'example-spec-secret-0123456789', logger: { warn() {}, error() {} } })).app)
  })
  after(() => server.close())

  it('links every example from the index page', async () => {
    const page = await open(server.url, '/')
    expect(page.$$('.showcase a').map((a) => a.getAttribute('href'))).to.deep.equal(['counter', 'todo', 'search', 'signup', 'mixer', 'notes', 'report', 'dashboard', 'menu', 'chat', 'admin/dashboard'])
    page.close()
  })

  it('searches the time zones of /search', async () => {
    const page = await open(server.url, '/search')
    await page.send('.query', 'search', { query: 'pacific/auck' })
    expect(page.$$('.results .zone').map((z) => z.textContent)).to.deep.equal(['Pacific/Auckland'])
    page.close()
  })

  it('mixes the colour of /mixer from its children, and resets them from the parent', async () => {
    const page = await open(server.url, '/mixer')
    await page.fire('#mixer-green .less')
    await page.next((m) => isRender(m) && m.id === 'mixer')
    expect(page.text('.hex')).to.equal('#4080e0')
    await page.fire('.reset')
    await page.next((m) => isRender(m) && m.id === 'mixer-blue')
    expect(page.text('#mixer-blue .level')).to.equal('128')
    page.close()
  })

  it('sends a visitor of /notes to the login page', async () => {
    const page = await open(server.url, '/notes')
    expect(page.status).to.equal(302)
    expect(page.location).to.equal('/notes/login')
    page.close()
  })

  it('counts with the buttons of /counter', async () => {
    const page = await open(server.url, '/counter')
    expect(page.text('.count')).to.equal('0')
    await page.fire('.inc')
    await page.fire('.inc')
    await page.fire('.dec')
    expect(page.text('.count')).to.equal('1')
    await page.fire('.reset')
    expect(page.text('.count')).to.equal('0')
    page.close()
  })

  it('lists the user of /chat on one node: the page sets two cookies, the test client sends both back', async () => {
    const page = await open(server.url, '/chat/general?name=ada')
    expect(page.cookie).to.match(/rx_sid=/)
    await page.next((m) => isRender(m) && m.id === 'people')
    expect(page.text('.people .name')).to.equal('ada')
    page.close()
  })
})
