// A server a benchmark runs in a process of its own: started on a free port, its CPU time read from /proc
// (other load on the machine does not count), stopped with SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { freePort } from '../../spec/support/redis.js'

export class ServerProcess {
  private constructor(readonly url: string, private readonly child: ChildProcess) {}

  /** Runs `script` (a .ts file) under tsx with NODE_ENV=production and PORT set; resolves once it answers HTTP. */
  static async start(script: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<ServerProcess> {
    const port = await freePort()
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
      env: { ...process.env, NODE_ENV: 'production', ...env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    const url = `http://127.0.0.1:${port}`
    for (let i = 0; i < 200; i++) {
      if (await fetch(url).then(() => true, () => false)) return new ServerProcess(url, child)
      await new Promise((r) => setTimeout(r, 100))
    }
    child.kill()
    throw new Error(`${script} did not start`)
  }

  /** CPU time (user + system) the process has used, in µs. */
  cpuMicros(): number {
    const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100
  }

  /** The resident set size, in bytes. */
  rssBytes(): number {
    const pages = Number(readFileSync(`/proc/${this.child.pid}/statm`, 'utf8').split(' ')[1])
    return pages * 4096
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return
    this.child.kill('SIGTERM')
    await once(this.child, 'exit')
  }
}
