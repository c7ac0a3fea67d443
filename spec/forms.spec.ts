// Forms on the server, through the test client: a `form(schema)` handler's failures become errors on the fields
// the user used (none on a field never touched), all of them on submit with the focus on the first; a type
// failure is a field's error; `t` and zod alike.
import { expect } from 'chai'
import { fileURLToPath } from 'node:url'
import { Component, form, Reactor, t } from '../src/index.js'
import type { ServerMessage } from '../src/wire/protocol.js'
import { open, type LivePage } from '../src/testing.js'
import { runtime } from '../src/core/component.js'
import { fieldsOf, firstInvalid, showIssues, use } from '../src/features/forms/fields.js'
import { clientPages } from './fixtures/client-components.js'
import { XFormBlind, XFormT, XFormTwo, XFormZod } from './fixtures/form-components.js'
import { startExample, type Running } from './support/server.js'

const views = fileURLToPath(new URL('fixtures/views', import.meta.url))

describe('forms', () => {
  let node: Running
  let page: LivePage
  before(async () => {
    node = await startExample({ components: [XFormT, XFormZod, XFormBlind, XFormTwo] }, { routes: [clientPages] })
  })
  after(() => node.close())
  afterEach(() => page?.close())

  const errorOf = (name: string) => page.$(`.error-${name}`)?.textContent ?? null
  const attrs = (name: string) => {
    const input = page.$(`[name=${name}]`)!
    return { invalid: input.getAttribute('aria-invalid'), describedBy: input.getAttribute('aria-describedby') }
  }

  for (const [tag, schema] of [['x-form-t', 't'], ['x-form-zod', 'zod']]) {
    describe(`with ${schema}`, () => {
      beforeEach(async () => {
        page = await open(node.url, `/c/${tag}`)
      })

      it('shows no error on a field the user has not used, and one as soon as they type into it', async () => {
        page.fill('[name=email]', 'ada')
        await page.fire('form', 'input')
        expect(errorOf('email')).to.equal('Not an e-mail address.')
        expect(attrs('email')).to.deep.equal({ invalid: 'true', describedBy: page.$('.error-email')!.id })
        expect(errorOf('name'), 'the name was never typed into').to.equal(null)
        expect(attrs('name')).to.deep.equal({ invalid: null, describedBy: null })
        page.fill('[name=email]', 'ada@example.com')
        await page.fire('form', 'input')
        expect(errorOf('email')).to.equal(null)
        expect(attrs('email').invalid).to.equal(null)
      })

      it('a field emptied again keeps its error: it was used', async () => {
        page.fill('[name=name]', 'A')
        await page.fire('form', 'input')
        expect(errorOf('name')).to.equal('At least 2 letters.')
        page.fill('[name=name]', '')
        await page.fire('form', 'input')
        expect(errorOf('name')).to.equal('At least 2 letters.')
      })

      it('a submit shows every error, focuses the first invalid field, and does not run the handler', async () => {
        page.fill('[name=email]', 'ada@example.com')
        await page.fire('form', 'submit')
        expect([errorOf('name'), errorOf('email')]).to.deep.equal(['At least 2 letters.', null])
        expect(page.messages.filter((m) => m.t === 'focus').map((m) => (m as { sel: string }).sel)).to.deep.equal(['[name="name"],[name="name[]"]'])
        expect(page.$('.saved')).to.equal(null)
        expect(page.messages.filter((m) => m.t === 'err')).to.deep.equal([])
      })

      it('a type failure is the field’s error the user sees, not a bad-arguments', async () => {
        page.fill('[name=age]', 'twelve')
        await page.fire('form', 'input')
        expect(errorOf('age')).to.be.a('string').and.not.equal('')
        page.fill('[name=name]', 'Ada')
        page.fill('[name=email]', 'ada@example.com')
        await page.fire('form', 'submit')
        expect(page.$('.saved')).to.equal(null)
        expect(page.messages.filter((m) => m.t === 'err')).to.deep.equal([])
        page.fill('[name=age]', '36')
        await page.fire('form', 'submit')
        expect(page.text('.saved')).to.equal('Ada <ada@example.com>')
      })

      it("a form's events change only the state fields of the form's own fields, never another", async () => {
        page.fill('[name=name]', 'Ada')
        await page.send('form', 'validate', { saved: 'set by the browser' }, [['name', 'Ada'], ['email', 'ada@'], ['age', '']])
        expect(page.$('.saved')).to.equal(null)
        await page.send('form', 'save', { saved: 'set by the browser' }, [['name', 'A'], ['email', 'ada@'], ['age', '']])
        expect(page.$('.saved')).to.equal(null)
        expect((page.$('[name=email]') as HTMLInputElement).value, 'the form field took the value').to.equal('ada@')
      })

      it('valid: the handler runs; its addError shows what only the server knows, with the focus on it; then a fresh form', async () => {
        page.fill('[name=name]', 'Ada')
        page.fill('[name=email]', 'taken@example.com')
        await page.fire('form', 'submit')
        expect(errorOf('email')).to.equal('Taken already.')
        expect(page.messages.filter((m) => m.t === 'focus').map((m) => (m as { sel: string }).sel)).to.deep.equal(['[name="email"],[name="email[]"]'])
        page.fill('[name=email]', 'ada@example.com')
        await page.fire('form', 'submit')
        expect(page.text('.saved')).to.equal('Ada <ada@example.com>')
        expect(errorOf('email')).to.equal(null)
        // after a successful submit the fields are unused again: typing in one shows no error on the others
        page.fill('[name=name]', '')
        page.fill('[name=email]', 'x')
        await page.fire('form', 'input')
        expect([errorOf('name'), errorOf('email')]).to.deep.equal([null, 'Not an e-mail address.'])
      })
    })
  }

  it('the used fields travel in the token: another event of the page (a fresh rebuild) still knows them', async () => {
    page = await open(node.url, '/c/x-form-t')
    page.fill('[name=name]', 'A')
    await page.fire('form', 'input')
    page.fill('[name=name]', 'Ada')
    page.fill('[name=email]', '')
    await page.fire('form', 'input')
    expect([errorOf('name'), errorOf('email')]).to.deep.equal([null, null])
    page.fill('[name=name]', 'A')
    await page.fire('form', 'input')
    expect(errorOf('name')).to.equal('At least 2 letters.')
  })

  it('an error the template does not show reaches the developer as bad-arguments, naming the fix', async () => {
    page = await open(node.url, '/c/x-form-blind')
    page.fill('[name=age]', 'twelve')
    await page.fire('form', 'input')
    const err = (await page.next((m: ServerMessage) => m.t === 'err')) as { code: string; msg: string }
    expect(err.code).to.equal('bad-arguments')
    expect(err.msg).to.include("age: expected an integer").and.include("the template shows no field('age')")
  })

  it('a second form names its own event; a form whose event a handler takes is refused at start', () => {
    expect(new Reactor({ secret: 'x'.repeat(32), views, components: [XFormTwo] })).to.be.an('object')
    class XClash extends Component {
      static template = 'x-form.pug'
      static handlers = { save: form({ name: t.string() }), validate: {} }
      save(): void {}
      validate(): void {}
    }
    expect(() => new Reactor({ secret: 'x'.repeat(32), views, components: [XClash] })).to.throw(
      `koa-reactor: XClash declares a handler "validate", and the form of save validates on it; name its event: form(schema, { validate: 'saveCheck' })`,
    )
  })
})

describe('t.refine', () => {
  it('adds a rule with its message; the type is checked first', () => {
    const name = t.string().refine((s) => s.length >= 2, 'Too short.')
    expect(name['~standard'].validate('Ada')).to.deep.equal({ value: 'Ada' })
    expect(name['~standard'].validate('A')).to.deep.equal({ issues: [{ message: 'Too short.', path: [] }] })
    expect(name['~standard'].validate({})).to.have.nested.property('issues[0].message', 'expected a string, got {}')
    expect(name.optional()['~standard'].validate('')).to.deep.equal({ value: undefined })
  })
})

describe('forms: the used-input rule and field()', () => {
  const instance = () => {
    const c = new XFormT()
    ;(c as unknown as Record<symbol, unknown>)[runtime] = { effects: [] }
    c.id = 'f1'
    return c
  }

  it('a field is used once an event sent it a value (nested paths, lists); a submit uses them all', () => {
    const c = instance()
    const fields = fieldsOf(c)
    const issues = [
      { message: 'Too short.', path: ['person', 'name'] },
      { message: 'Required.', path: ['person', 'email'] },
      { message: 'Not a colour.', path: ['tags', 1] },
    ]
    use(fields, { person: { name: 'A', email: '' }, tags: [], agree: false }, false)
    expect(fields.u).to.deep.equal(['person.name'])
    showIssues(fields, issues)
    expect(fields.e).to.deep.equal({ 'person.name': ['Too short.'] })
    use(fields, { person: { name: 'A', email: '' }, tags: ['red', 'blus'] }, false)
    showIssues(fields, issues)
    expect(Object.keys(fields.e)).to.deep.equal(['person.name', 'tags.1'])
    use(fields, {}, true)
    showIssues(fields, issues)
    expect(Object.keys(fields.e)).to.deep.equal(['person.name', 'person.email', 'tags.1'])
    expect(firstInvalid(fields, { agree: false, person: { name: 'A', email: '' } })).to.equal('[name="person.name"],[name="person.name[]"]')
  })

  it("field(name): a field's messages, a path's parts included, and the aria pair only while it has one", () => {
    const c = instance()
    const fields = fieldsOf(c)
    use(fields, {}, true)
    showIssues(fields, [{ message: 'Not a colour.', path: ['tags', 1] }, { message: 'Too short.', path: ['name'] }, { message: 'Too common.', path: ['name'] }])
    expect(c.field('name')).to.deep.equal({
      error: 'Too short.', errors: ['Too short.', 'Too common.'], invalid: true, id: 'f1-name-error',
      attrs: { 'aria-invalid': 'true', 'aria-describedby': 'f1-name-error' },
    })
    expect(c.field('tags')).to.include({ error: 'Not a colour.', id: 'f1-tags-error' })
    expect(c.field('email')).to.deep.equal({ error: undefined, errors: [], invalid: false, id: 'f1-email-error', attrs: {} })
    expect(instance().field('name').attrs, 'a component that never had a form event').to.deep.equal({})
  })
})
