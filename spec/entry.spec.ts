// The package's entry as `await import()` loads it: a module namespace that exports `then` is a thenable,
// and awaiting it never settles.
import { expect } from 'chai'

/** `promise`, or a failure saying what did not settle after `ms` (a deadline, not a measurement). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms)))
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}

describe('the entry module', () => {
  for (const entry of ['../src/index.js', '../src/testing.js']) {
    it(`settles \`await import('${entry}')\` and exports no \`then\``, async () => {
      const module = await within(import(entry), 10_000, `await import('${entry}')`)
      expect(module).not.to.have.property('then')
      expect(Object.keys(module).length).to.be.greaterThan(1)
    })
  }

  it('keeps `then` for templates and code in templateHelpers', async () => {
    const { templateHelpers } = await within(import('../src/index.js'), 10_000, 'import')
    expect([templateHelpers.then(1, 'a'), templateHelpers.then(0, 'a')]).to.deep.equal(['a', ''])
  })
})
