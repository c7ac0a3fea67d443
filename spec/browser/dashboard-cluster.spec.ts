// The dashboard of a cluster: two example nodes on one Redis. Each node reports its numbers while a dashboard
// watches; the dashboard lists every node, and a node that stops reporting drops off.
import { expect } from 'chai'
import { Redis } from 'ioredis'
import type { Page } from 'playwright-core'
import { useChromium } from '../support/chromium.js'
import { waitForText } from '../support/browser.js'
import { getPage } from '../support/server.js'
import { useTwoNodes } from '../support/two-nodes.js'
import { logIn, openDashboard, read } from '../support/dashboard.js'

const rows = (page: Page) => page.$$eval('.rx-nodes tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-node')!))

async function waitForRows(page: Page, count: number): Promise<string[]> {
  await page.waitForFunction((n) => document.querySelectorAll('.rx-nodes tbody tr').length === n, count, { timeout: 10_000 })
  return rows(page)
}

describe('browser: the dashboard of a cluster', function () {
  const chromium = useChromium()
  const nodes = useTwoNodes()

  it('lists both nodes with their own numbers, adds them up, and drops a node that stops reporting', async () => {
    const { one, two, redis } = nodes
    const twoName = read((await getPage(`${two.url}/admin/dashboard`, await logIn(two.url))).html).node!
    const dashboard = await openDashboard(chromium.open, one.url)
    const listed = await waitForRows(dashboard, 2)
    expect(listed).to.include(twoName)
    await waitForText(dashboard, '[data-stat=nodes] .rx-value', '2')

    // a click on the counter of node two shows in node two's row, and in the cluster's figures, on node one's dashboard
    const counter = await chromium.open(`${two.url}/counter`)
    await counter.click('.inc')
    await waitForText(counter, '.count', '1')
    await waitForText(dashboard, `tr[data-node="${twoName}"] .rx-events`, '1')
    await waitForText(dashboard, 'tr.rx-self .rx-events', '0')
    await waitForText(dashboard, '[data-stat=rate] .rx-value', '0.1', 15_000)

    // a node that reported once and then stopped (killed, cut off) drops off after 5 s
    const client = new Redis(redis.url)
    try {
      const ghost = { node: 'ghost-node', at: Date.now(), up: 1, sockets: 7, components: 7, events: 0, rate: 0, times: [], errors: {}, slowest: [], broadcasts: { published: 0, received: 0 }, memory: 0 }
      await client.hset('reactor:dashboard:nodes', 'ghost-node', JSON.stringify(ghost))
      expect(await waitForRows(dashboard, 3)).to.include('ghost-node')
      expect(await waitForRows(dashboard, 2)).to.not.include('ghost-node')
    } finally {
      client.disconnect()
    }
    await counter.close()
    await dashboard.close()
  })
})
