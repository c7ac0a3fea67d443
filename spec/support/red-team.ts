// The red-team specs' server: the example with the hostile fixtures, and pages of the test client that are
// closed after each spec whatever it asserted.
import type { ReactorOptions } from '../../src/index.js'
import { open, type LivePage } from '../../src/testing.js'
import { hostilePages, XHostile } from '../fixtures/hostile.js'
import { startExample, type Running } from './server.js'

export interface RedTeam {
  node: Running
  /** Opens `path` with the test client; closed after the spec. */
  open(path: string): Promise<LivePage>
}

export function redTeam(options: ReactorOptions = {}): RedTeam {
  const team = {} as RedTeam
  const pages: LivePage[] = []
  before(async () => {
    team.node = await startExample({ ...options, components: [XHostile, ...(options.components ?? [])] }, { routes: [hostilePages] })
  })
  afterEach(() => pages.splice(0).forEach((page) => page.close()))
  after(() => team.node.close())
  team.open = async (path) => {
    const page = await open(team.node.url, path)
    pages.push(page)
    return page
  }
  return team
}
