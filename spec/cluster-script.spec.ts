// `make cluster` (scripts/cluster.sh) stops everything it started, whatever stops it: a SIGTERM to its process
// group (which also ends whatever reads its output: the `| cat` here, a terminal's pager, a `| tee`), or a
// SIGKILL that leaves it no time to stop anything: no process, no port and no temporary file remains. Postgres,
// Redis, the three nodes and nginx run on free ports.
import { expect } from 'chai'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { connect } from 'node:net'
import { logIn } from './support/dashboard.js'
import { freePort } from './support/redis.js'
import { getPage } from './support/server.js'
import { until } from './support/until.js'

interface Started {
  script: ChildProcess
  ports: number[]
  output: string[]
}

/** The process ids listening on `port` of 127.0.0.1, from /proc: the socket's inode, then the processes holding it. */
function listeners(port: number): number[] {
  const hex = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`
  const inodes = readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1).map((row) => row.trim().split(/\s+/))
    .filter((cols) => cols[1] === hex && cols[3] === '0A').map((cols) => `socket:[${cols[9]}]`)
  return readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).filter((pid) => {
    try {
      return readdirSync(`/proc/${pid}/fd`).some((fd) => inodes.includes(readlinkSync(`/proc/${pid}/fd/${fd}`)))
    } catch {
      return false // gone meanwhile, or not ours to read
    }
  }).map(Number)
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** `make cluster` in a process group of its own, its output read through a pipe by `cat` in that group. */
async function startCluster(): Promise<Started> {
  const [pg, redis, lb, ...nodes] = await Promise.all(Array.from({ length: 6 }, freePort))
  const env = { ...process.env, PG_PORT: String(pg), REDIS_PORT: String(redis), LB_PORT: String(lb), NODE_PORTS: nodes.join(' '), REACTOR_SECRET: 'cluster-script-spec-secret-0123456789' }
  const script = spawn('bash', ['-c', 'make -s cluster 2>&1 | cat'], { env, detached: true, stdio: ['ignore', 'pipe', 'inherit'] })
  const output: string[] = []
  script.stdout!.on('data', (chunk) => output.push(String(chunk)))
  await until(() => output.join('').includes('Ctrl-C stops everything') || script.exitCode !== null, 'the cluster to start', 90_000)
  expect(script.exitCode, output.join('')).to.equal(null)
  return { script, ports: [pg, redis, lb, ...nodes], output }
}

describe('make cluster (scripts/cluster.sh) stops what it started', function () {
  this.timeout(180_000)

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`leaves no process, port or temporary file after a ${signal} to its process group`, async () => {
      const { script, ports, output } = await startCluster()
      const started = ports.flatMap(listeners)
      expect(started.length, 'Postgres, Redis, nginx and three nodes listen').to.be.at.least(6)
      for (const port of ports) expect(await accepts(port), `port ${port} accepts`).to.equal(true)
      process.kill(-script.pid!, signal)
      await until(() => started.every((pid) => !alive(pid)), `every process to stop (${started.filter(alive).join(', ')} left)`, 60_000).catch((error) => {
        for (const pid of started.filter(alive)) process.kill(pid, 'SIGKILL') // no leftovers for the next spec
        throw error
      })
      for (const port of ports) expect(await accepts(port), `port ${port} is closed`).to.equal(false)
      expect(output.join('')).to.contain('(Redis bus, Postgres)')
      // its temporary directory (Postgres' data, nginx's files) too
      const folder = /files in (\S+)/.exec(output.join(''))![1]
      await until(() => !existsSync(folder), `${folder} to be removed`, 30_000)
    })
  }
})

describe('make cluster: the live dashboard', function () {
  this.timeout(180_000)

  it('lists the three nodes, named by their ports, whichever node serves the page', async () => {
    const { script, ports } = await startCluster()
    try {
      const [, , lb, ...nodes] = ports
      const base = `http://127.0.0.1:${lb}`
      const cookie = await logIn(base)
      let listed: string[] = []
      await until(async () => {
        const { html } = await getPage(`${base}/admin/dashboard`, cookie)
        listed = [...html.matchAll(/<tr (?:class="rx-self" )?data-node="([^"]+)"/g)].map(([, node]) => node)
        return listed.length === 3
      }, 'the dashboard to list three nodes', 30_000)
      expect(listed.sort()).to.deep.equal(nodes.map((port) => `node-${port}`).sort())
    } finally {
      process.kill(-script.pid!, 'SIGTERM')
      await until(() => script.exitCode !== null || script.signalCode !== null, 'make cluster to stop', 60_000)
    }
  })
})
