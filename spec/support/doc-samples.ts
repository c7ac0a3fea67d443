// The code samples of the documentation site (docs/site): every ```ts and ```js block of a guide, each written as
// a module of its own after its page's prelude (an HTML comment `<!-- samples: ... -->` that declares what the
// page's samples assume of the app: its database, its router...) and an import of the koa-reactor names it uses
// without importing them ("everything is imported from koa-reactor"), for tsc to check against the package's
// declarations.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './package.js'

export const GUIDES = join(ROOT, 'docs', 'site', 'guide')

/** The names koa-reactor and koa-reactor/testing export. */
function exported(module: string): Set<string> {
  const names = new Set<string>()
  for (const [, list] of readFileSync(join(ROOT, 'src', module), 'utf8').matchAll(/^export (?:type )?\{([^}]*)\}/gm)) {
    for (const name of list!.split(',')) names.add(name.trim().replace(/^type /, '').split(' as ').pop()!.trim())
  }
  return names
}

/** The names `code` imports or declares. */
function ownNames(code: string): Set<string> {
  const found = code.matchAll(/(?:import\s*(?:type\s*)?\{([^}]*)\}|import\s+(?:type\s+)?(\w+)\s+from|(?:class|interface|type|const|let|function)\s+(\w+))/g)
  return new Set([...found].flatMap((m) => (m[1] ? m[1].split(',').map((n) => n.trim().replace(/^type /, '')) : [m[2] ?? m[3]!])))
}

/**
 * The page's prelude for `code`: its lines but those declaring a name the sample declares itself (each prelude
 * line declares one thing), after an import of the koa-reactor names both use without importing or declaring.
 */
function preludeFor(code: string, prelude: string, exports: Set<string>): string {
  const own = ownNames(code)
  const lines = prelude.split('\n').filter((line) => ![...ownNames(line)].some((name) => own.has(name)))
  const kept = lines.join('\n')
  const declared = new Set([...own, ...ownNames(kept)])
  const used = [...exports].filter((name) => name && !declared.has(name) && new RegExp(`\\b${name}\\b`).test(`${kept}\n${code}`))
  return `${used.length ? `import { ${used.join(', ')} } from 'koa-reactor'` : ''}\n${kept}`
}

/** The getting-started app's JavaScript files: spec/package.spec.ts runs them (from the README, which has the same). */
export const runElsewhere = (page: string, code: string) => page === 'getting-started.md' && /^\/\/ app\.(mjs|cjs)\n/.test(code)

export interface Sample {
  page: string
  line: number
  lang: 'ts' | 'js'
  code: string
}

/** Every ts and js block of the guides, with the page's prelude. */
export function samples(): Array<Sample & { prelude: string }> {
  const found: Array<Sample & { prelude: string }> = []
  const main = exported('index.ts')
  for (const page of readdirSync(GUIDES).filter((f) => f.endsWith('.md')).sort()) {
    const text = readFileSync(join(GUIDES, page), 'utf8')
    const prelude = text.match(/<!-- samples:\n([\s\S]*?)-->/)?.[1] ?? ''
    for (const m of text.matchAll(/^```(ts|js)\b[^\n]*\n([\s\S]*?)^```/gm)) {
      const code = m[2]!
      if (runElsewhere(page, code)) continue
      found.push({ page, line: text.slice(0, m.index).split('\n').length + 1, lang: m[1] as 'ts' | 'js', code, prelude: preludeFor(code, prelude, main) })
    }
  }
  return found
}

/** The README's strict compiler options, koa-reactor resolved to its built declarations. */
const compilerOptions = {
  target: 'es2022', module: 'nodenext', strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true,
  noEmit: true, allowJs: true, checkJs: true, types: ['node'], lib: ['es2023', 'dom'],
  paths: { 'koa-reactor': [join(ROOT, 'dist', 'index.d.ts')], 'koa-reactor/testing': [join(ROOT, 'dist', 'testing.d.ts')] },
}

/**
 * Writes the samples as files of a tsc project in `dir` (below the repository, so that koa, zod and the others
 * resolve from its node_modules); by file name, each sample with `line` such that a file's line plus it is the page's.
 */
export function writeProject(dir: string, all: Array<Sample & { prelude: string }>): Map<string, Sample> {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const byFile = new Map<string, Sample>()
  for (const sample of all) {
    const cjs = /\brequire\(/.test(sample.code)
    const file = `${sample.page.replace(/\.md$/, '')}-${sample.line}.${sample.lang === 'ts' ? 'mts' : cjs ? 'cjs' : 'mjs'}`
    // JavaScript cannot hold the prelude's declarations: they go in a declaration file of the page, for its samples
    const [imports, declarations] = [sample.prelude.slice(0, sample.prelude.indexOf('\n')), sample.prelude.slice(sample.prelude.indexOf('\n') + 1)]
    const head = sample.lang === 'js' ? imports : sample.prelude
    if (sample.lang === 'js') writeFileSync(join(dir, `${sample.page.replace(/\.md$/, '')}.d.ts`), declarations)
    writeFileSync(join(dir, file), `${head}\n${sample.code}${cjs ? '' : '\nexport {}\n'}`)
    byFile.set(file, { ...sample, line: sample.line - head.split('\n').length })
  }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*'] }, null, 2))
  return byFile
}
