// Draws bench/chart.svg from bench/out/results.json: one bar per target of issue 12, as measured / target
// (a bar left of the line meets it). `make bench` runs it after the benchmarks.
import { readFileSync, writeFileSync } from 'node:fs'
import { TARGETS } from './targets.js'

const results = JSON.parse(readFileSync(process.argv[2] ?? 'bench/out/results.json', 'utf8'))
const rows = TARGETS.map((t) => ({ ...t, value: t.read(results) }))
const ROW = 26
const LABEL = 380
const BAR = 360
const SCALE = 3 // the width shows up to 3× the target
const height = rows.length * ROW + 50
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')

const bars = rows.map((row, i) => {
  const y = 30 + i * ROW
  const label = `<text x="${LABEL - 8}" y="${y + 14}" text-anchor="end">${escape(row.name)}</text>`
  if (row.value === undefined) return `${label}<text x="${LABEL + 4}" y="${y + 14}" fill="#888">not measured</text>`
  const ratio = row.value / row.target
  const width = Math.max(2, Math.min(ratio, SCALE) * (BAR / SCALE))
  const fill = ratio <= 1 ? '#3a9d5d' : '#d0583a'
  return `${label}<rect x="${LABEL}" y="${y}" width="${width.toFixed(1)}" height="18" fill="${fill}"/>` +
    `<text x="${LABEL + width + 6}" y="${y + 14}">${row.value} ${row.unit} (target ${row.target})</text>`
})
const line = LABEL + BAR / SCALE
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${LABEL + BAR + 240}" height="${height}" font-family="sans-serif" font-size="12">
<text x="10" y="18" font-weight="bold">koa-reactor against the targets of issue 12 (${escape(String(results.date ?? ''))}): bar = measured / target, green meets it</text>
<line x1="${line}" y1="26" x2="${line}" y2="${height - 10}" stroke="#333" stroke-dasharray="4 3"/>
${bars.join('\n')}
</svg>
`
writeFileSync('bench/chart.svg', svg)
console.log(`bench/chart.svg: ${rows.filter((r) => r.value !== undefined && r.value <= r.target).length} of ${rows.length} targets met`)
