// An image upload in the /chat showcase on the cluster `make cluster` runs (three nodes behind nginx round
// robin, a real Redis, real Chromium), whose receiving node is killed (SIGKILL) mid-file. With a shared upload
// folder the bytes go over HTTP to any node, and the upload goes on from where it stopped on another; with each
// node's own folder they go over the page's socket, the upload starts again and completes, and the killed
// node's partial file is swept when a node next starts on the machine.
import { expect } from 'chai'
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs'
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

/** The node of `cluster` that has a partial file under `dir` open (it is receiving the upload's bytes), with that file. */
function receiving(cluster: Cluster, dir: string): { node: number; path: string } | undefined {
  for (const node of cluster.ports) {
    const fds = `/proc/${cluster.pid(node)}/fd`
    for (const fd of existsSync(fds) ? readdirSync(fds) : []) {
      let path = ''
      try {
        path = readlinkSync(join(fds, fd))
      } catch {
        continue // closed meanwhile
      }
      if (path.startsWith(dir) && path.endsWith('.part')) return { node, path }
    }
  }
  return undefined
}

/** The offsets the page PUT parts of its upload from, over HTTP, from now on. */
function putFrom(page: Page): number[] {
  const seen: number[] = []
  page.on('request', (r) => r.method() === 'PUT' && seen.push(Number(new URL(r.url()).searchParams.get('at'))))
  return seen
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
   * Ada's #general page uploads the image, its uploads slowed to 2 MB/s; the node receiving its bytes is frozen
   * once it holds a partial file of 256 KiB or more, then killed. Returns the page, the killed node, the partial
   * file then, and the offsets the page went on from (over the socket and over HTTP).
   */
  async function interrupted(cluster: Cluster, where: string) {
    const page = await chromium.open(`${cluster.url}/chat/general?name=ada`)
    await page.waitForSelector('.people .name')
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 2_000_000 })
    chromium.allow(/^WebSocket connection to .* failed/)
    chromium.allow(/^Failed to load resource: the server responded with a status of 502/)
    await page.setInputFiles('.compose .image', { name: 'big.png', mimeType: 'image/png', buffer: file() })
    let at: { node: number; path: string } | undefined
    while (!(at = receiving(cluster, where)) || (statSync(at.path, { throwIfNoEntry: false })?.size ?? 0) < 1 << 18) await new Promise((r) => setImmediate(r))
    cluster.freeze(at.node)
    const resumed = resumedAt(page)
    const puts = putFrom(page)
    await cluster.killNode(at.node)
    const [part] = parts(where)
    expect(part.size).to.be.within(1, SIZE - 1)
    return { page, node: at.node, part, resumed, puts }
  }

  /** The image the chat shows for the upload, read from the folder the example keeps images in. */
  async function shown(cluster: Cluster, page: Page): Promise<Buffer> {
    const img = await page.waitForSelector('.log img.attachment[alt="big.png"]', { timeout: 20_000 })
    const src = (await img.getAttribute('src'))!
    return readFileSync(join(cluster.folder, 'chat-images', src.split('/').pop()!))
  }

  describe('with an upload folder the nodes share', function () {
    const cluster = useCluster((dir) => ({ UPLOADS_DIR: join(dir, 'uploads') }))

    it('goes on over HTTP from where it stopped, on another node: the same bytes on disk, only the rest sent again', async () => {
      const { page, part, puts } = await interrupted(cluster(), join(cluster().folder, 'uploads'))
      expect((await shown(cluster(), page)).equals(file())).to.equal(true)
      // the socket read the offset from the shared store: the next PUT went on from the partial file's end
      expect(puts[0]).to.equal(part.size)
      await page.close()
    })
  })

  describe('with each node’s own upload folder', function () {
    const cluster = useCluster((dir) => ({ TMPDIR: mkdirSync(join(dir, 'tmp'), { recursive: true }) ?? join(dir, 'tmp') }))

    it('starts again on another node and completes; the killed node’s partial file goes when a node next starts', async () => {
      const tmp = join(cluster().folder, 'tmp')
      const { page, node, part, resumed, puts } = await interrupted(cluster(), tmp)
      expect((await shown(cluster(), page)).equals(file())).to.equal(true)
      expect(resumed.at).to.equal(0)
      expect(puts).to.deep.equal([]) // no node but the socket's could hand the file to the component
      // a killed process cannot remove its own folder; the next node to start removes the folders of dead ones
      expect(existsSync(part.path)).to.equal(true)
      await cluster().startNode(node)
      expect(existsSync(part.path)).to.equal(false)
      expect(parts(tmp)).to.deep.equal([])
      await page.close()
    })
  })
})
