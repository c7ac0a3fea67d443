// The files `koa-reactor component x-name` adds: a class, its template and a test with the test client.
import { className } from './names.js'

export type Language = 'js' | 'ts'

/** The component's class (components/<tag>.<ext>): found by the app's `reactor.autoload`. */
export function componentClass(tag: string, lang: Language): string {
  const ret = lang === 'ts' ? ': void' : ''
  return `import { Component, t } from 'koa-reactor'

export class ${className(tag)} extends Component {
  static tag = '${tag}'
  static template = '${tag}' // views/${tag}.pug
  static state = { clicks: t.int() } // what the page keeps between events, and its type
  static handlers = { click: {} } // what the browser may call

  clicks = 0
  click()${ret} {
    this.clicks += 1
  }
}
`
}

/** The component's Pug template (views/<tag>.pug); its fields are in scope. */
export function componentTemplate(tag: string): string {
  return `p ${tag}: clicked #[span.clicks= clicks] times
button(@click="click") Click
`
}

/** A test of the component on the app's preview page (/preview/<tag>), over a real WebSocket. */
export function componentTest(tag: string): string {
  return `import { test } from 'node:test'
import assert from 'node:assert/strict'
import { open, serve } from 'koa-reactor/testing'
import { app } from '../app.js'

test('${tag} counts clicks', async () => {
  const server = await serve(app)
  const page = await open(server.url, '/preview/${tag}')
  try {
    assert.equal(page.text('[reactor-component="${tag}"] .clicks'), '0')
    await page.fire('[reactor-component="${tag}"] button')
    assert.equal(page.text('[reactor-component="${tag}"] .clicks'), '1')
  } finally {
    page.close()
    await server.close()
  }
})
`
}
