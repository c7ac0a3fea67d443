// Development: a name a component's template reads that is neither a field of the component, a local of the
// template nor a helper is an error naming the Pug file and line, not an empty string. Pug compiles a template's
// free names into one lookup each (`"name" in locals ? locals.name : typeof name !== 'undefined' ? name :
// undefined`); in development that last `undefined` becomes a call that records the name. Production templates
// are compiled as before.
import { relative } from 'node:path'
import { didYouMean } from './near.js'

const UNRESOLVED = /typeof ([A-Za-z_$][\w$]*) !== 'undefined' \? \1 : undefined/g

/** The names read by the component render in progress that nothing defines (rendering is synchronous). */
let reading: Set<string> | undefined

/** Pug's compiled `code` with each free name's last resort recorded (the function takes `pug_unresolved`). */
export function recordUnresolved(code: string): string {
  return code.replace(UNRESOLVED, (_, name: string) => `typeof ${name} !== 'undefined' ? ${name} : pug_unresolved(${JSON.stringify(name)})`)
}

/** Called by a compiled template for a name nothing defines. */
export function unresolved(name: string): undefined {
  reading?.add(name)
  return undefined
}

/** Runs `render` (a component's template), and throws if it read a name nothing defines. */
export function strictly<T>(render: () => T, what: { component: string; code: string; known: () => Iterable<string> }): T {
  const outer = reading
  const names = (reading = new Set())
  try {
    const out = render()
    const [name] = names
    if (name !== undefined) throw new Error(unknownName(name, what))
    return out
  } finally {
    reading = outer
  }
}

function unknownName(name: string, { component, code, known }: { component: string; code: string; known: () => Iterable<string> }): string {
  const where = placeOf(name, code)
  return `koa-reactor: ${where ? `${where}: ` : ''}the template of ${component} reads "${name}", which is not a field of ${component}, ` +
    `a local of the template or a helper, so it would render empty${didYouMean(name, known(), '"')}; ` +
    'declare it on the component (in static state, or as a getter), or correct the name'
}

/** `views/x.pug:3`: where the compiled template first reads `name` (Pug's debug marks name the file and line). */
function placeOf(name: string, code: string): string | undefined {
  const body = code.slice(code.indexOf('pug_debug_line ='), code.lastIndexOf('}.call(this,'))
  const read = new RegExp(`"(?:\\\\.|[^"\\\\])*"|'(?:\\\\.|[^'\\\\])*'|(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g')
  for (const match of body.matchAll(read)) {
    if (match[0][0] === '"' || match[0][0] === "'") continue
    const before = body.slice(0, match.index)
    const line = /pug_debug_line = (\d+)/g
    const file = /pug_debug_filename = ("(?:\\.|[^"\\])*")/g
    const lastOf = (re: RegExp) => [...before.matchAll(re)].at(-1)?.[1]
    const [at, path] = [lastOf(line), lastOf(file)]
    if (at && path) return `${relative(process.cwd(), JSON.parse(path) as string)}:${at}`
  }
  return undefined
}
