// `make bench`: runs every benchmark of this folder in turn; each prints its figures as JSON.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const folder = fileURLToPath(new URL('.', import.meta.url))
let failed = 0
for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts') && f !== 'run.ts').sort()) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', `${folder}${file}`], { stdio: 'inherit' })
  if (run.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
