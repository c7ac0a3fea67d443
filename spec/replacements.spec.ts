// No text that is not written in the source is ever a replacement pattern of String.replace: `$&`, `` $` ``,
// `$'` in a flash message or a stream id would copy parts of the page into it. A replacement is a literal
// or a function; this spec reads every `.replace(` and `.replaceAll(` of the library and its client.
import { expect } from 'chai'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const ROOTS = ['src', 'public']

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'dist' ? [] : sources(path)
    return /\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name) ? [path] : []
  })
}

/** The index just past the first argument that starts at `at` (a regex or string literal, or an expression). */
function pastFirstArgument(text: string, at: number): number {
  const open = text[at]
  if (open === '/' || open === "'" || open === '"' || open === '`') {
    let i = at + 1
    let inClass = false
    for (; i < text.length; i++) {
      if (text[i] === '\\') i++
      else if (open === '/' && text[i] === '[') inClass = true
      else if (open === '/' && text[i] === ']') inClass = false
      else if (text[i] === open && !inClass) break
    }
    return i + 1
  }
  let depth = 0
  for (let i = at; i < text.length; i++) {
    if ('([{'.includes(text[i])) depth++
    else if (')]}'.includes(text[i])) depth--
    else if (text[i] === ',' && depth === 0) return i
  }
  return text.length
}

/** Whether a replacement argument is a literal without interpolation, or a function. */
function safeReplacement(argument: string): boolean {
  return /^'(?:[^'\\]|\\.)*'/.test(argument) || /^"(?:[^"\\]|\\.)*"/.test(argument) || /^`[^`$]*`/.test(argument) || /^(?:\([^)]*\)|\w+)\s*=>/.test(argument) || /^function\b/.test(argument)
}

/** `file:line: call` for each replacement in `text` that is not a literal or a function. */
export function unsafeReplacements(file: string, text: string): string[] {
  const found: string[] = []
  // (`this.replace` is a method of our own, not String.replace)
  for (const call of text.matchAll(/(?<!\bthis)\.replace(?:All)?\(\s*/g)) {
    const start = call.index + call[0].length
    const comma = text.indexOf(',', pastFirstArgument(text, start))
    const argument = text.slice(comma + 1).trimStart()
    if (!safeReplacement(argument)) found.push(`${file}:${text.slice(0, call.index).split('\n').length}: ${text.slice(call.index, call.index + 80).split('\n')[0]}`)
  }
  return found
}

describe('string replacements', () => {
  it('reads a replacement that interpolates or names a value as unsafe, and literals and functions as safe', () => {
    expect(unsafeReplacements('a.ts', "html.replace(MARK, `<div>${text}</div>`)")).to.have.length(1)
    expect(unsafeReplacements('a.ts', "html.replace(/x,y/g, text)")).to.have.length(1)
    expect(unsafeReplacements('a.ts', "html.replace('a,b', `${a}`)")).to.have.length(1)
    expect(unsafeReplacements('a.ts', "html.replace(MARK, () => `<div>${text}</div>`)")).to.deep.equal([])
    expect(unsafeReplacements('a.ts', "s.replace(/[&<]/g, (c) => ESCAPES[c]).replace(/\\s+/g, ' ').replace(/x/, `y`)")).to.deep.equal([])
  })

  it('never uses text that is not a literal as a replacement pattern, in the library or its client', () => {
    const found = ROOTS.flatMap(sources).flatMap((file) => unsafeReplacements(file, readFileSync(file, 'utf8')))
    expect(found, 'give String.replace a function, or split and join').to.deep.equal([])
  })
})
