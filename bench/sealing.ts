// What sealing costs: a counter event with a 100-character field sealed, against the same counter with it in
// clear (the floor, measured in the same run, alternately), and the encryption itself, node:crypto (what the
// library uses) against jose's WebCrypto path. Prints JSON.
import { CompactEncrypt, compactDecrypt } from 'jose'
import { XCounter } from '../example/components/counter.js'
import { keyFromSecret } from '../src/core/keys.js'
import { seal, unseal } from '../src/features/sealed.js'
import { Reactor, t } from '../src/index.js'
import { socketPath, type PathCost } from './socket-driver.js'

const N = Number(process.env.N ?? 10_000)
const ROUNDS = 3
const note = 'n'.repeat(100)

class XClearNote extends XCounter {
  static tag = 'x-clear-note'
  static state = { amount: t.int(), note: t.string() }
  note = note
}
class XSealedNote extends XClearNote {
  static tag = 'x-sealed-note'
  static sealed = ['note']
}

const reactor = new Reactor({ secret: 'bench-secret-0123456789abcdef', views: 'example/views', components: [XClearNote, XSealedNote], watch: false })
const runs: Record<string, PathCost[]> = { clear: [], sealed: [] }
for (let round = 0; round < ROUNDS; round++) {
  runs.clear.push(await socketPath(reactor, 'x-clear-note', 'inc', N))
  runs.sealed.push(await socketPath(reactor, 'x-sealed-note', 'inc', N))
}
const best = (list: PathCost[]) => Math.min(...list.map((c) => c.cpu_us_per_event))

/** CPU µs per call (this process's, every thread: other load on the machine counts less than in wall time). */
async function perCall(fn: () => unknown, n = 5_000): Promise<number> {
  const cpu = process.cpuUsage()
  for (let i = 0; i < n; i++) await fn()
  const used = process.cpuUsage(cpu)
  return Math.round(((used.user + used.system) / n) * 10) / 10
}
const key = keyFromSecret('bench-secret-0123456789abcdef')
const values = { note }
const jwe = seal(key, values)
const plaintext = new TextEncoder().encode(JSON.stringify(values))
const joseJwe = await new CompactEncrypt(plaintext).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(key.seal)

console.log(JSON.stringify({
  sealing_event_cpu_us_clear: best(runs.clear),
  sealing_event_cpu_us_sealed: best(runs.sealed),
  sealing_event_cpu_ratio: Math.round((best(runs.sealed) / best(runs.clear)) * 100) / 100,
  sealing_event_cpu_us_runs: runs,
  sealing_encrypt_cpu_us_node: await perCall(() => seal(key, values)),
  sealing_decrypt_cpu_us_node: await perCall(() => unseal(key, jwe)),
  sealing_encrypt_cpu_us_jose: await perCall(() => new CompactEncrypt(plaintext).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(key.seal)),
  sealing_decrypt_cpu_us_jose: await perCall(() => compactDecrypt(joseJwe, key.seal)),
}))
