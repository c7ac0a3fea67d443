// An image upload in the /chat showcase on the cluster `make cluster` runs (three nodes behind nginx round
// robin, a real Redis, real Chromium), whose receiving node is killed (SIGKILL) mid-file. With a shared upload
// folder it goes on from where it stopped on another node; with each node's own folder it starts again and
// completes, and the killed node's partial file is swept when a node next starts on the machine.
import { expect } from 'chai'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { useChromium } from '../support/chromium.js'
import { Cluster, type NodeEnv } from '../support/cluster.js'
import { until } from '../support/until.js'

const SIZE = 4_500_000

function file(): Buffer {
  const bytes = Buffer.alloc(SIZE)
  for (let i = 0; i < SIZE; i++) bytes[i] = (i * 31 + (i >> 9)) % 251
  return bytes
}

/** The partial files under `dir` (any depth), with their sizes. */
function parts(dir: string): Array<{ path: string; size: number }> {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.part'))
    .map((name) => ({ path: join(dir, name), size: statSync(join(dir, name), { throwIfNoEntry: false })?.size ?? 0 }))
}

/**
 * Where the node a socket opened from now on told the page to go on from: the offset of its first `up` answer
 * (the page sends the file from there, so the bytes sent again are the size less it). Playwright does not
 * report the binary frames a page sends from a Blob, so the count comes from the nodes' answers.
 */
function resumedAt(page: Page): { at?: number } {
  const seen: { at?: number } = {}
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      const m = typeof payload === 'string' && payload.startsWith('{"t":"up"') ? (JSON.parse(payload) as { at: number }) : undefined
      if (m && seen.at === undefined) seen.at = m.at
    }),
  )
  return seen
}

function useCluster(env: NodeEnv): () => Cluster {
  let cluster: Cluster
  before(async () => {
    cluster = await Cluster.start(3, env)
  })
  after(() => cluster?.stop())
  return () => cluster
}

describe('browser: an upload whose node dies, on a cluster', function () {
  const chromium = useChromium()

  /**
   * Ada's #general page uploads the image; its node is frozen once `where` holds a partial file of a chunk or
   * more, then killed. Returns the page, the killed node, the partial file then, and where the next node had it go on from.
   */
  async function interrupted(cluster: Cluster, where: string) {
    const before = cluster.sockets()
    const page = await chromium.open(`${cluster.url}/chat/general?name=ada`)
    await page.waitForSelector('.people .name')
    let node = 0
    await until(() => ((node = cluster.holding().find((p) => cluster.sockets().get(p)! > (before.get(p) ?? 0)) ?? 0), node > 0), 'the page’s socket')
    chromium.allow(/^WebSocket connection to .* failed/)
    await page.setInputFiles('.compose .image', { name: 'big.png', mimeType: 'image/png', buffer: file() })
    while (!parts(where).some((p) => p.size >= 1 << 18)) await new Promise((r) => setImmediate(r))
    cluster.freeze(node)
    const resumed = resumedAt(page)
    await cluster.killNode(node)
    const [part] = parts(where)
    expect(part.size).to.be.within(1, SIZE - 1)
    return { page, node, part, resumed }
  }

  /** The image the chat shows for the upload, read from the folder the example keeps images in. */
  async function shown(cluster: Cluster, page: Page): Promise<Buffer> {
    const img = await page.waitForSelector('.log img.attachment[alt="big.png"]', { timeout: 20_000 })
    const src = (await img.getAttribute('src'))!
    return readFileSync(join(cluster.folder, 'chat-images', src.split('/').pop()!))
  }

  describe('with an upload folder the nodes share', function () {
    const cluster = useCluster((dir) => ({ UPLOADS_DIR: join(dir, 'uploads') }))

    it('goes on from where it stopped on another node: the same bytes on disk, fewer than the file sent again', async () => {
      const { page, part, resumed } = await interrupted(cluster(), join(cluster().folder, 'uploads'))
      expect((await shown(cluster(), page)).equals(file())).to.equal(true)
      // the node it resumed on read the offset from the shared store: only the rest was sent again
      expect(resumed.at).to.equal(part.size)
      await page.close()
    })
  })

  describe('with each node’s own upload folder', function () {
    const cluster = useCluster((dir) => ({ TMPDIR: mkdirSync(join(dir, 'tmp'), { recursive: true }) ?? join(dir, 'tmp') }))

    it('starts again on another node and completes; the killed node’s partial file goes when a node next starts', async () => {
      const tmp = join(cluster().folder, 'tmp')
      const { page, node, part, resumed } = await interrupted(cluster(), tmp)
      expect((await shown(cluster(), page)).equals(file())).to.equal(true)
      expect(resumed.at).to.equal(0)
      // a killed process cannot remove its own folder; the next node to start removes the folders of dead ones
      expect(existsSync(part.path)).to.equal(true)
      await cluster().startNode(node)
      expect(existsSync(part.path)).to.equal(false)
      expect(parts(tmp)).to.deep.equal([])
      await page.close()
    })
  })
})
