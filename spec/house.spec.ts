// What moving the library's classes must not change: a component's version (open pages would all remount at the
// deploy), and the names no handler or state field may take.
import { expect } from 'chai'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { AuthComponent, Component, Reactor, t } from '../src/index.js'

const views = fileURLToPath(new URL('./fixtures/views', import.meta.url))
const secret = 'house-spec-secret-0123456789abcdef'

class XHouseCounter extends Component {
  static template = 'x-child.pug'
  static state = { amount: t.number() }
  static handlers = { increase: {} }
  amount = 0
  increase() {
    this.amount++
  }
}

class XHouseMember extends AuthComponent {
  static template = 'x-child.pug'
}

/** The version as the app's code defines it: its own classes (and AuthComponent's, as before), then the template. */
function appVersion(classes: Function[], template: string): string {
  const hash = createHash('sha256')
  for (const c of classes) hash.update(String(c))
  return hash.update(readFileSync(`${views}/${template}`, 'utf8')).digest('base64url').slice(0, 6)
}

describe('the house: what the library may move without touching apps', () => {
  it("a component's version hashes the app's classes and its template only, not the library's Component", () => {
    const reactor = new Reactor({ secret, views, components: [XHouseCounter, XHouseMember] })
    expect(reactor.registry.get('x-house-counter')!.version).to.equal(appVersion([XHouseCounter], 'x-child.pug'))
    expect(reactor.registry.get('x-house-member')!.version).to.equal(appVersion([AuthComponent, XHouseMember], 'x-child.pug'))
  })

  it("every capability's method on Component is reserved: no handler or state field may take its name", () => {
    for (const name of ['flash', 'stream', 'visit', 'presence', 'uploaded', 'js', 'focus', 'placeholder']) {
      class XGreedy extends Component {
        static template = 'x-child.pug'
        static handlers = { [name]: {} }
      }
      expect(() => new Reactor({ secret, views, components: [XGreedy] }), name).to.throw(/cannot be a handler \(it is part of the Component API\)/)
    }
  })
})
