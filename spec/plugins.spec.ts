// The README's example plugin, as its user would install it: the code and the page are read from the README's
// "Plugins" section, the plugin goes in the `plugins` option, and a page shows what it counted.
import { expect } from 'chai'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Feature } from '../src/index.js'
import { getPage, startExample, WireClient, type Running } from './support/server.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** The README's block of `language` in section `heading` whose first line names `file`. */
function readmeBlock(heading: string, language: string, file: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf(`\n${heading}\n`), readme.indexOf('\n## ', readme.indexOf(`\n${heading}\n`) + 1))
  const block = [...section.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\``, 'gm'))].map((m) => m[1]!).find((code) => code.includes(file))
  if (!block) throw new Error(`the README's ${heading} has no ${language} block for ${file}`)
  return block
}

describe("the README's example plugin (analytics)", () => {
  let dir: string
  let node: Running
  before(async () => {
    // inside the repository, where the spec's loader compiles TypeScript
    dir = mkdtempSync(join(ROOT, 'spec', '.tmp-plugins-'))
    mkdirSync(join(dir, 'views'))
    writeFileSync(join(dir, 'analytics.ts'), readmeBlock('## Plugins', 'ts', '// analytics.ts'))
    writeFileSync(join(dir, 'views', 'stats.pug'), readmeBlock('## Plugins', 'pug', '//- views/stats.pug'))
    const { analytics } = (await import(pathToFileURL(join(dir, 'analytics.ts')).href)) as { analytics: Feature }
    const views = ['../example/views', 'fixtures/views'].map((p) => fileURLToPath(new URL(p, import.meta.url)))
    node = await startExample({ plugins: [analytics], views: [...views, join(dir, 'views')] }, { routes: [async (ctx, next) => (ctx.path === '/stats' ? ctx.render('stats') : next())] })
  })
  after(async () => {
    await node?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it("counts the events each handler handled: the stats page lists them", async () => {
    expect((await getPage(`${node.url}/stats`)).html).to.equal('<ul></ul>')
    const page = await getPage(`${node.url}/two`)
    const counter = page.components.find((c) => c.name === 'x-counter')!
    const client = await WireClient.open(node.url, { cookie: page.cookie })
    client.send({ t: 'join', p: 'p1', c: [{ id: counter.id, tok: counter.tok }] })
    for (const q of [1, 2, 3]) client.send({ t: 'ev', id: counter.id, n: 'inc', q })
    client.send({ t: 'ev', id: counter.id, n: 'dec', q: 4 })
    await client.next((m) => 'q' in m && m.q === 4)
    client.close()
    expect((await getPage(`${node.url}/stats`)).html).to.equal('<ul><li>XCounter.inc: 3</li><li>XCounter.dec: 1</li></ul>')
  })
})
