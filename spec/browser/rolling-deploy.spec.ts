// A rolling deploy under load, small enough for CI: two example nodes behind nginx (`make cluster`'s set-up: a
// real Redis, SQLite shared by the nodes), two Chromium pages clicking and typing, each node stopped (SIGTERM)
// and started again on a new version of a component (its code and template). Every click is applied once (the
// page and the database agree with the clicks made), the typed text stays in its field, and both pages end on
// the new version without reloading. bench/rolling-deploy.ts is the full run (three nodes, eight pages).
import { expect } from 'chai'
import { rollingDeploy, tally } from '../support/deploy/rolling.js'

describe('a rolling deploy under load (two nodes, two pages, one restart each)', function () {
  this.timeout(120_000)

  it('loses no click, doubles none, keeps the typing, and every page ends on the new version without a reload', async () => {
    const report = await rollingDeploy({ nodes: 2, pages: 2, pauseMs: 300, betweenMs: 1500, reconnectWindowMs: 500 })
    const counts = tally(report)
    expect(counts.clicks, 'clicks made').to.be.greaterThan(4)
    expect(counts, JSON.stringify(report.pages)).to.deep.include({ lost: 0, doubled: 0, pagesShowingWrongCount: 0, typingLost: 0, notOnNewVersion: 0, reloaded: 0 })
  })
})
