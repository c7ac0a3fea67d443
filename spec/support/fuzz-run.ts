// Drives the message fuzzer against a node over a real WebSocket: frames in batches, each batch closed by a
// sentinel the node must answer, every frame the node sends checked for its shape.
import WebSocket from 'ws'
import { frame, malformation, type Target } from './fuzz.js'
import { Random } from './random.js'

export interface FuzzRun {
  frames: number
  answers: number
  /** what was wrong with frames the node sent, with the batch they answered */
  malformed: string[]
  /** times the node closed the socket (it is opened again) */
  closed: number
  /** answers by type, errors by code */
  kinds: Record<string, number>
}

const BATCH = 100
const SENTINEL_MS = 10_000

function tally(kinds: Record<string, number>, m: { t?: string; code?: string }): void {
  // a render is the one message without a type
  const kind = m.t === 'err' ? `err ${m.code}` : (m.t ?? 'render')
  kinds[kind] = (kinds[kind] ?? 0) + 1
}

/** Sends `count` frames generated from `seed` to `url`'s socket as the browser of `cookie`, joined to `target`. */
export async function fuzz(url: string, cookie: string, target: Target & { join: object }, count: number, seed: number): Promise<FuzzRun> {
  const random = new Random(seed)
  const run: FuzzRun = { frames: 0, answers: 0, malformed: [], closed: 0, kinds: {} }
  let batch = 0
  let waiting: { id: string; done: () => void } | undefined
  const open = async () => {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + '/__reactor__', { headers: { cookie } })
    ws.on('message', (data) => {
      const text = data.toString()
      run.answers++
      const wrong = malformation(text)
      if (wrong) run.malformed.push(`batch ${batch}: ${wrong}: ${text.slice(0, 200)}`)
      else tally(run.kinds, JSON.parse(text))
      if (waiting && text.includes(`"${waiting.id}"`)) waiting.done()
    })
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    return ws
  }
  let ws = await open()
  for (; run.frames < count; batch++) {
    if (ws.readyState !== WebSocket.OPEN) (run.closed++, (ws = await open()))
    ws.send(JSON.stringify(target.join))
    for (let i = 0; i < BATCH && run.frames < count; i++, run.frames++) {
      const f = frame(random, target)
      ws.send(f, { binary: Buffer.isBuffer(f) })
    }
    const id = `fuzz-sentinel-${batch}`
    const answered = new Promise<void>((done) => (waiting = { id, done }))
    ws.send(JSON.stringify({ t: 'ev', id, n: 'x', q: 1 }))
    const late = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), SENTINEL_MS).unref())
    // a node closes a socket that sent too many forged tokens (the limit tokenFailures): the next batch reopens it
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()))
    if ((await Promise.race([answered, late, closed])) === 'late' && ws.readyState === WebSocket.OPEN) {
      throw new Error(`the node did not answer within ${SENTINEL_MS} ms after batch ${batch} (seed ${seed})`)
    }
  }
  ws.close()
  return run
}
