// `make bench`: runs every benchmark in bench/ in its own process and prints one JSON object (also written
// to bench/out/results.json), then draws bench/chart.svg from it. BENCH_ONLY=a,b runs some of them.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'

const ALL = ['browser', 'client-handler', 'latency', 'server-cpu', 'socket-path', 'dashboard-hooks', 'dashboard-path', 'sealing', 'sockets', 'growth', 'client-size', 'broadcast', 'fairness', 'navigation', 'streams', 'presence', 'uploads', 'upload-path', 'scale', 'notify', 'reconnect', 'http-transport', 'rolling-deploy']
const only = process.env.BENCH_ONLY?.split(',')
const benches = ALL.filter((name) => existsSync(`bench/${name}.ts`) && (!only || only.includes(name)))
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version }
for (const name of benches) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  // each prints one JSON object last (on one line or pretty-printed from a line starting with "{")
  const text = `\n${out.trim()}`
  Object.assign(results, JSON.parse(text.slice(text.lastIndexOf('\n{') + 1)))
}
mkdirSync('bench/out', { recursive: true })
writeFileSync('bench/out/results.json', JSON.stringify(results, null, 2) + '\n')
console.log(JSON.stringify(results, null, 2))
execFileSync(process.execPath, ['--import', 'tsx', 'bench/chart.ts'], { stdio: 'inherit' })
