// Example nodes with the avatar upload fixture, started as a spec needs them, their stores in a temporary folder;
// all stopped and the folder removed after the spec file; what the fixture received is emptied before each spec.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ReactorOptions } from '../../src/index.js'
import { clientPages } from '../fixtures/client-components.js'
import { received, XAvatar } from '../fixtures/upload-components.js'
import { startExample, type Running } from './server.js'

export interface UploadNodes {
  /** a node with `options` (its `uploads` store, say), stopped after the spec file */
  start(options: ReactorOptions): Promise<Running>
  /** folder `name` inside the temporary one (made by the store that uses it) */
  folder(name: string): string
}

export function useUploadNodes(name: string): UploadNodes {
  let dir: string
  const nodes: Running[] = []
  before(() => {
    dir = mkdtempSync(join(tmpdir(), `reactor-${name}-`))
  })
  after(async () => {
    await Promise.all(nodes.map((n) => n.close()))
    rmSync(dir, { recursive: true, force: true })
  })
  beforeEach(() => received.splice(0))
  return {
    async start(options) {
      const node = await startExample({ components: [XAvatar], ...options }, { routes: [clientPages] })
      nodes.push(node)
      return node
    },
    folder: (inside) => join(dir, inside),
  }
}
