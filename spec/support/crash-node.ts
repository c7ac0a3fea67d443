// The example app as a node of `make cluster`, with a crash point for the exactly-once spec: the first handler
// transaction the cluster commits after CRASH_FLAG is set kills its node (SIGKILL) at once after COMMIT, before
// the answer is recorded or sent. The flag is a folder made atomically, so one node of all of them dies, once.
import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import type { Transaction } from '../../src/index.js'
import { createApp } from '../../example/app.js'

const flag = process.env.CRASH_FLAG
if (!flag) throw new Error('crash-node: set CRASH_FLAG to a path: the first node to commit a handler there dies')

/** Whether this commit is the one that crashes: the first to make the flag folder. */
function first(): boolean {
  try {
    mkdirSync(flag!)
    return true
  } catch {
    return false
  }
}

let committing: Transaction | undefined
const crashing: Transaction = async (work) => {
  const result = await committing!(work)
  if (first()) process.kill(process.pid, 'SIGKILL') // committed; nothing after this line runs
  return result
}
const { app, data } = await createApp({ transaction: crashing })
committing = data.transaction
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => console.error(`crash node on ${(server.address() as AddressInfo).port}`))
