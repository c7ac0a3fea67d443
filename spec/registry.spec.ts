import { expect } from 'chai'
import { fileURLToPath } from 'node:url'
import { Component, Reactor, t } from '../src/index.js'
import { Registry, tagName } from '../src/core/registry.js'

const views = fileURLToPath(new URL('./fixtures/views', import.meta.url))
const secret = 'registry-spec-secret-0123456789'

describe('registry', () => {
  it("names components by the seed's kebab-case rule", () => {
    expect(tagName('XCounter')).to.equal('x-counter')
    expect(tagName('XTodoList')).to.equal('x-todo-list')
    expect(tagName('HTMLWidget')).to.equal('html-widget')
  })

  it('takes `static tag` over the class name', () => {
    class Anything extends Component {
      static template = 'x-child.pug'
      static tag = 'my-thing'
    }
    expect(new Registry().register(Anything).name).to.equal('my-thing')
  })

  it('refuses a name without a hyphen, saying how to fix it', () => {
    class Counter extends Component {
      static template = 'x-child.pug'
    }
    expect(() => new Registry().register(Counter)).to.throw(/needs a hyphen.*static tag/)
  })

  it('refuses a handler declared without its method, and a handler named like the API', () => {
    class XBroken extends Component {
      static template = 'x-child.pug'
      static handlers = { missing: {} }
    }
    expect(() => new Registry().register(XBroken)).to.throw(/has no method missing\(\)/)
    class XSneaky extends Component {
      static template = 'x-child.pug'
      static handlers = { destroy: {} }
    }
    expect(() => new Registry().register(XSneaky)).to.throw(/cannot be a handler/)
  })

  it('autoloads every component module of a folder, nested folders included', async () => {
    const reactor = await new Reactor({ secret, views }).autoload(fileURLToPath(new URL('./fixtures/autoload', import.meta.url)))
    expect(reactor.registry.all.map((e) => e.name).sort()).to.deep.equal(['x-goodbye', 'x-greeting'])
  })

  it('gives each component a version that changes with its code', () => {
    class XOne extends Component {
      static template = 'x-child.pug'
      static state = { n: t.int() }
    }
    class XTwo extends Component {
      static template = 'x-child.pug'
      static state = { n: t.string() }
    }
    const reactor = new Reactor({ secret, views, components: [XOne, XTwo] })
    const [one, two] = reactor.registry.all
    expect(one.version).to.be.a('string').with.length(6)
    expect(one.version).not.to.equal(two.version)
  })
})
