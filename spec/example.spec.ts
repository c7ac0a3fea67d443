import { expect } from 'chai'
import { createApp } from '../example/app.js'
import { open, serve } from '../src/testing.js'

// The example app tested the way users test theirs: with koa-reactor/testing.
describe('example app (with the test client)', () => {
  let server: Awaited<ReturnType<typeof serve>>
  before(async () => {
    server = await serve(createApp({ secret: 'example-spec-secret-0123456789', logger: { warn() {}, error() {} } }).app)
  })
  after(() => server.close())

  it('links every example from the index page', async () => {
    const page = await open(server.url, '/')
    expect(page.$$('a').map((a) => a.getAttribute('href'))).to.include('counter')
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
})
