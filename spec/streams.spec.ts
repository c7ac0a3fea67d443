// Streams with the test client (koa-reactor/testing): the stream keeps its items across renders there too,
// so an app's own specs see what a browser shows.
import { expect } from 'chai'
import { open } from '../src/testing.js'
import { clientPages } from './fixtures/client-components.js'
import { streamComponents } from './fixtures/stream-components.js'
import { startExample, type Running } from './support/server.js'

describe('streams in the test client', () => {
  let node: Running
  before(async () => {
    node = await startExample({ components: streamComponents }, { routes: [clientPages] })
  })
  after(() => node.close())

  it('inserts, updates, removes and trims by DOM id, and keeps the items through a re-render', async () => {
    const page = await open(node.url, '/c/x-feed')
    const texts = () => [...page.$$('.items li .text')].map((span) => span.textContent)
    expect(texts()).to.deep.equal(['item 1', 'item 2', 'item 3'])
    await page.fire('.add')
    expect(texts()).to.deep.equal(['item 1', 'item 2', 'item 3', 'item 4'])
    await page.fire('#items-2 .edit')
    await page.fire('#items-1 .remove')
    expect(texts()).to.deep.equal(['edited', 'item 3', 'item 4'])
    await page.fire('.retitle')
    expect(page.text('.title')).to.equal('renamed')
    expect(texts()).to.deep.equal(['edited', 'item 3', 'item 4'])
    for (let i = 0; i < 3; i++) await page.fire('.add')
    expect(texts()).to.deep.equal(['item 3', 'item 4', 'item 5', 'item 6', 'item 7'])
    page.close()
  })
})
