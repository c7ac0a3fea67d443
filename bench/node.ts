// A benchmark's node: `script` in a process of its own (NODE_ENV=production) on `port`, resolved once it answers.
import { spawn, type ChildProcess } from 'node:child_process'
import { SECRET } from './lib/serve.js'

export async function startNode(script: string, port: number): Promise<ChildProcess> {
  const server = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, PORT: String(port), NODE_ENV: 'production', REACTOR_SECRET: SECRET },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  for (let i = 0; !(await fetch(`http://127.0.0.1:${port}`).then(() => true, () => false)); i++) {
    if (i > 100) throw (server.kill('SIGTERM'), new Error(`${script} did not start`))
    await new Promise((r) => setTimeout(r, 100))
  }
  return server
}
