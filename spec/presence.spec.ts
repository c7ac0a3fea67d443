// Presence: who is on a topic, listed by a component and re-rendered on join, change and leave, on one node
// (memory) and across two nodes over a real Redis, where a killed node's users go once their entries expire.
import { expect } from 'chai'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { open, type LivePage } from '../src/testing.js'
import { herePage, XHere, XList, XWho, whoPage } from './fixtures/presence-components.js'
import { RedisServer } from './support/redis.js'
import { startExample, type Running } from './support/server.js'
import { until } from './support/until.js'

const names = (page: LivePage) => [...page.$$('.people li')].map((li) => li.textContent)
const pages: LivePage[] = []
const visit = async (node: { url: string }, name: string, topic = 'lobby') => {
  const page = await open(node.url, `/who?topic=${topic}&name=${name}`)
  pages.push(page)
  return page
}

async function shows(page: LivePage, expected: string[]): Promise<void> {
  await until(() => JSON.stringify(names(page)) === JSON.stringify(expected), `the list to show ${expected.join(', ')} (it shows ${names(page).join(', ')})`)
}

describe('presence', function () {
  afterEach(() => pages.splice(0).forEach((page) => page.close()))
  describe('on one node', () => {
    let node: Running
    before(async () => {
      node = await startExample({ components: [XWho, XHere, XList] }, { routes: [whoPage, herePage] })
    })
    after(() => node.close())

    it('shows, in a list joined after it in the same message, the component that is on the topic', async () => {
      const page = await open(node.url, '/here?topic=hall&name=ada')
      pages.push(page)
      await shows(page, ['ada'])
    })

    it('lists who joined, updates on a change of meta, and drops one whose page closes or who untracks', async () => {
      const ada = await visit(node, 'ada')
      await shows(ada, ['ada'])
      const bob = await visit(node, 'bob')
      await shows(bob, ['ada', 'bob'])
      await shows(ada, ['ada', 'bob'])
      await bob.send('.people', 'rename', { name: 'robert' })
      await shows(ada, ['ada', 'robert'])
      bob.close()
      await shows(ada, ['ada'])
      const cy = await visit(node, 'cy')
      await shows(ada, ['ada', 'cy'])
      await cy.send('.people', 'away')
      await shows(ada, ['ada'])
      await shows(cy, ['ada'])
      ada.close()
      cy.close()
    })

    it('keeps topics apart, and puts no one on a topic before their page joins', async () => {
      const ada = await visit(node, 'ada', 'one')
      const bob = await visit(node, 'bob', 'two')
      await shows(ada, ['ada'])
      await shows(bob, ['bob'])
      expect(await fetch(`${node.url}/who?topic=one&name=eve`).then((r) => r.text())).to.not.include('<li>eve</li>')
      ada.close()
      bob.close()
    })

    it('refuses a meta too large for a token, naming the limit', async () => {
      const ada = await visit(node, 'ada', 'big')
      const answer = await ada.send('.people', 'rename', { name: 'x'.repeat(2000) })
      expect(answer).to.include({ t: 'err', code: 'handler-failed' })
      expect((answer as { msg: string }).msg).to.match(/keep it under 1024/)
      ada.close()
    })
  })

  describe('on two nodes over Redis', () => {
    let redis: RedisServer
    let one: Running
    let two: Running
    before(async () => {
      redis = await RedisServer.start()
      one = await startExample({ redis: redis.url, components: [XWho] }, { routes: [whoPage] })
      two = await startExample({ redis: redis.url, components: [XWho] }, { routes: [whoPage] })
    })
    after(async () => {
      await one.close()
      await two.close()
      await redis.stop()
    })

    it('shows a join on one node in the list on the other, and a leave', async () => {
      const ada = await visit(one, 'ada', 'red')
      await shows(ada, ['ada'])
      const bob = await visit(two, 'bob', 'red')
      await shows(ada, ['ada', 'bob'])
      await shows(bob, ['ada', 'bob'])
      bob.close()
      await shows(ada, ['ada'])
      ada.close()
    })

    it('drops the users of a node that is killed, once their entries expire', async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=koa-reactor-source', 'spec/fixtures/presence-node.ts'], { env: { ...process.env, REDIS_URL: redis.url }, stdio: ['ignore', 'pipe', 'inherit'] })
      try {
        const url = await readyUrl(child)
        const ada = await visit(one, 'ada', 'blue')
        const bob = await visit({ url }, 'bob', 'blue')
        await shows(ada, ['ada', 'bob'])
        child.kill('SIGKILL')
        await once(child, 'exit')
        await shows(ada, ['ada'])
        ada.close()
        bob.close()
      } finally {
        child.kill('SIGKILL')
      }
    })
  })
})

/** The URL a node process prints once it listens. */
async function readyUrl(child: ChildProcess): Promise<string> {
  let out = ''
  for await (const chunk of child.stdout!) {
    out += chunk
    const found = /ready (\S+)/.exec(out)
    if (found) return found[1]
  }
  throw new Error(`the node exited before it was ready: ${out}`)
}
