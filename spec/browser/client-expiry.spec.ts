// A page whose tokens expired (here while it was offline) cannot rejoin: it loads itself again, once.
import { expect } from 'chai'
import { waitForText } from '../support/browser.js'
import { clientSuite, goOffline } from '../support/client.js'
import { Proxy } from '../support/proxy.js'

describe('browser client: expired tokens', function () {
  const suite = clientSuite({ tokenTtl: 2 })
  let proxy: Proxy
  before(async () => {
    proxy = await Proxy.start(suite.node.url)
  })
  after(() => proxy.close())

  it('reloads the page when the server says its token expired, and the new page works', async () => {
    const page = await suite.open('/c/x-counter', proxy.url)
    await page.click('.inc')
    await waitForText(page, '.count', '1')
    await goOffline(suite, proxy)
    // until the token the page holds is past its expiry (the server counts whole seconds)
    const token = (await page.getAttribute('[reactor-component]', 'state'))!
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp: number }
    await new Promise((resolve) => setTimeout(resolve, (exp + 1) * 1000 - Date.now()))
    suite.allowed.push(/^reactor: expired:/)
    await Promise.all([page.waitForEvent('load'), proxy.restore()])
    expect(await page.textContent('.count'), 'a fresh page').to.equal('0')
    await page.click('.inc')
    await waitForText(page, '.count', '1')
  })
})
