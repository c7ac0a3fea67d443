// Streamed handlers in a real Chromium under a strict nonce CSP: each `yield` of an async generator handler
// shows on the page, events sent meanwhile wait for it, and closing the page stops it.
import { expect } from 'chai'
import { job, XJob } from '../fixtures/step-components.js'
import { waitForText } from '../support/browser.js'
import { clientSuite } from '../support/client.js'
import { until } from '../support/until.js'

describe('browser: streamed handlers (async generators)', function () {
  const suite = clientSuite({ components: [XJob] })
  /** Opens the job's page, runs the job and lets its first step through. */
  async function runFirstStep() {
    const page = await suite.open('/csp/x-job')
    await page.click('.run')
    await until(() => job.waiting.length === 1, 'the first step to wait')
    job.release()
    await waitForText(page, '.done', '1/3')
    return page
  }
  afterEach(() => {
    while (job.waiting.length) job.release()
  })

  it('shows each step as it is yielded, then the final state, in the signed token', async () => {
    const page = await runFirstStep()
    expect(await page.$eval('progress', (p) => (p as HTMLProgressElement).value)).to.equal(1)
    job.release()
    await waitForText(page, '.done', '2/3')
    job.release()
    await waitForText(page, '.log li:last-child', 'finished')
    expect(await page.$$eval('.log li', (items) => items.map((li) => li.textContent))).to.deep.equal(['step 1', 'step 2', 'step 3', 'finished'])
    const token = await page.getAttribute('[reactor-component="x-job"]', 'state')
    expect(JSON.parse(Buffer.from(token!.split('.')[1], 'base64url').toString()).st.done).to.equal(3)
    await page.waitForSelector('.reactor-loading', { state: 'detached' })
  })

  it('keeps later events of the component waiting until the handler finishes', async () => {
    const page = await runFirstStep()
    await page.click('.bump')
    job.release()
    await waitForText(page, '.done', '2/3')
    expect(await page.textContent('.bumps')).to.equal('0')
    job.release()
    await waitForText(page, '.bumps', '1')
    expect(await page.textContent('.done')).to.equal('3/3')
  })

  it('answers a step that throws with handler-failed, keeping what the steps before it showed', async () => {
    suite.allowed.push(/handler-failed/) // the client reports the server's error on the console
    const page = await suite.open('/csp/x-job')
    const code = page.evaluate(() => new Promise((resolve) => document.addEventListener('reactor:error', (e) => resolve((e as CustomEvent).detail.code))))
    await page.click('.fail')
    expect(await code).to.equal('handler-failed')
    expect(await page.$$eval('.log li', (items) => items.map((li) => li.textContent))).to.deep.equal(['before the failure'])
    await page.click('.bump')
    await waitForText(page, '.bumps', '1')
  })

  it('stops the handler when its page closes', async () => {
    const cancelled = job.cancelled
    const page = await runFirstStep()
    await until(() => job.waiting.length === 1, 'the second step to wait')
    await page.close()
    await until(() => job.cancelled === cancelled + 1, 'the handler to stop')
    expect(job.waiting.length).to.equal(0)
  })
})
