// The browser client's layers: its core (public/core) names no capability. It imports nothing from
// public/features (the capabilities plug in through public/core/feature.ts) nor from src/features (the files the
// client shares with the server's capabilities are imported by public/features only). Read from the sources.
import { expect } from 'chai'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CORE = join(ROOT, 'public/core')
const FORBIDDEN = ['public/features/', 'src/features/']

/** Imports allowed to break the rule ("file -> imported path"): none. */
const ALLOWED: string[] = []

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? sources(path) : /\.ts$/.test(entry.name) ? [path] : []
  })
}

/** Each relative import of `file` (static, dynamic, type-only, re-export), as a path from the repository root. */
export function importsOf(file: string, text: string): string[] {
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1])
  return specifiers.filter((s) => s.startsWith('.')).map((s) => relative(ROOT, resolve(dirname(file), s)))
}

/** The imports of the core's files that reach a capability: "file -> imported path". */
function crossings(): string[] {
  return sources(CORE).flatMap((file) =>
    importsOf(file, readFileSync(file, 'utf8'))
      .filter((path) => FORBIDDEN.some((layer) => path.startsWith(layer)))
      .map((path) => `${relative(ROOT, file)} -> ${path}`),
  )
}

describe('the browser client in layers', () => {
  it('reads static, dynamic, type-only and re-exported imports', () => {
    const file = join(CORE, 'x.ts')
    const text = `import { a } from '../features/a.js'\nimport type { B } from "../../src/features/b.js"\nexport { c } from '../features/c.js'\nconst d = import('../features/d.js')\nimport '../features/e.js'\nimport { f } from 'morphdom'`
    expect(importsOf(file, text)).to.deep.equal(['public/features/a.js', 'src/features/b.js', 'public/features/c.js', 'public/features/d.js', 'public/features/e.js'])
  })

  it('has a core and capabilities', () => {
    expect(sources(CORE).length).to.be.greaterThan(5)
    expect(sources(join(ROOT, 'public/features')).length).to.be.greaterThan(5)
  })

  it('keeps public/core from importing public/features or src/features', () => {
    expect(crossings().filter((c) => !ALLOWED.includes(c))).to.deep.equal([])
  })

  it('allows no exception', () => {
    expect(ALLOWED).to.deep.equal([])
  })
})
