// The counter's event path (socket-path.ts: a Connection fed frames, no network) with no OpenTelemetry SDK and
// with one registered (a tracer provider exporting through a batch processor to an exporter that drops the
// spans, a meter provider with a reader, AsyncLocalStorage for the context), each run in a process of its own,
// alternated. Prints JSON: CPU µs per event for each run, their medians, and the ratio.
//
//   N=20000 npx tsx bench/telemetry.ts [rounds=3]
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { median, round } from './lib/stats.js'

const N = Number(process.env.N ?? 20_000)
// the driver logs to the console, whose `debug` would print every event
console.debug = () => {}
const ROUNDS = Number(process.argv[2] ?? 3)
const MODES = ['none', 'sdk'] as const

async function registerSdk(): Promise<void> {
  const { context, metrics, trace } = await import('@opentelemetry/api')
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks')
  const { BasicTracerProvider, BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base')
  const { MeterProvider, PeriodicExportingMetricReader, InMemoryMetricExporter, AggregationTemporality } = await import('@opentelemetry/sdk-metrics')
  const dropped = { export: (_spans: unknown[], done: (r: { code: 0 }) => void) => done({ code: 0 }), shutdown: async () => {} }
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropped)] }))
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE)
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 1000 })] }))
}

/** One run in this process: the path's CPU per event with `mode`. */
async function run(mode: string): Promise<void> {
  if (mode === 'sdk') await registerSdk()
  const { XCounter } = await import('../example/components/counter.js')
  const { Reactor } = await import('../src/index.js')
  const { socketPath } = await import('./socket-driver.js')
  const reactor = new Reactor({ secret: 'bench-secret-0123456789abcdef', views: 'example/views', components: [XCounter], watch: false, development: false })
  const cost = await socketPath(reactor, 'x-counter', 'inc', N)
  console.log(JSON.stringify(cost))
  process.exit(0)
}

function child(mode: string): { us_per_event: number; cpu_us_per_event: number } {
  const out = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], { env: { ...process.env, TELEMETRY_MODE: mode }, encoding: 'utf8' })
  if (out.status !== 0) throw new Error(`the ${mode} run failed: ${out.stderr}`)
  return JSON.parse(out.stdout.trim().split('\n').at(-1)!)
}

if (process.env.TELEMETRY_MODE) await run(process.env.TELEMETRY_MODE)
else {
  const cpu: Record<string, number[]> = { none: [], sdk: [] }
  for (let i = 0; i < ROUNDS; i++) for (const mode of MODES) cpu[mode].push(child(mode).cpu_us_per_event)
  const [none, sdk] = [median(cpu.none), median(cpu.sdk)]
  console.log(JSON.stringify({ n: N, rounds: ROUNDS, no_sdk_cpu_us_per_event: cpu.none, sdk_cpu_us_per_event: cpu.sdk, medians: { none, sdk }, sdk_over_none: round(sdk / none) }))
}
