// The browser client's build (scripts/build-client.js): the capabilities' hook names get short ones in the bundle,
// and a hook named at a call site without its mark, which would then never be called, stops the build.
import { expect } from 'chai'
import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const hooks = [...readFileSync('public/core/feature.ts', 'utf8').split('export interface Feature {')[1].split('\n}\n')[0].matchAll(/^  (\w+)\?[(:]/gm)].map((m) => m[1])

describe('the browser client build', function () {
  this.timeout(60_000)

  it('gives every hook a short name in the bundles: none is left as a key or a string', () => {
    expect(hooks).to.include.members(['boot', 'bind', 'messages', 'update', 'api'])
    for (const file of ['reactor.js', 'reactor.dev.js']) {
      const bundle = readFileSync(`public/dist/${file}`, 'utf8')
      const left = hooks.filter((name) => new RegExp(`[{,]${name}[:(]|"${name}"|\\.${name}\\b`).test(bundle))
      expect(left, file).to.deep.equal([])
    }
  })

  it('stops on a hook named without /* @__KEY__ */, saying how to write it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reactor-client-build-'))
    try {
      for (const part of ['public', 'scripts', 'src', 'package.json']) cpSync(part, join(dir, part), { recursive: true, filter: (from) => !from.includes('dist') })
      symlinkSync(resolve('node_modules'), join(dir, 'node_modules'))
      const bind = join(dir, 'public/core/bind.ts')
      writeFileSync(bind, readFileSync(bind, 'utf8').replace("call(/* @__KEY__ */ 'bind'", "call('bind'"))
      const failed = await new Promise<{ code: number | null; stderr: string }>((done) =>
        execFile(process.execPath, ['scripts/build-client.js'], { cwd: dir }, (error, _stdout, stderr) => done({ code: error ? (error.code as number) : 0, stderr })),
      )
      expect(failed.code).to.not.equal(0)
      expect(failed.stderr).to.include(`public/core/bind.ts: call('bind') names hook "bind" without /* @__KEY__ */; write call(/* @__KEY__ */ 'bind'`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
