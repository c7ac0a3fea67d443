// The component a rolling deploy changes: a click counter whose clicks are also rows of the database (written in
// the handler's transaction), and a note typed into a field, kept in its state as it is typed. Version 2 changes
// its code (the label) and its template (views-v2): its tokens are of another version than version 1's.
import { Component, t } from 'koa-reactor'
import type { ExampleData } from '../../../example/data.js'

/** The data layer, known once the example app made it (a handler runs only after that). */
export const store: { data?: ExampleData } = {}

class Deploy extends Component {
  static tag = 'x-deploy'
  static template = 'x-deploy.pug'
  static state = { clicks: t.int(), note: t.string() }
  static handlers = { inc: {}, type: { text: t.string() } }

  clicks = 0
  note = ''

  async inc(): Promise<void> {
    this.clicks += 1
    await store.data!.run('INSERT INTO deploy_click (cid) VALUES (?)', [this.id])
  }

  type({ text }: { text: string }): void {
    this.note = text
  }
}

export class DeployV1 extends Deploy {
  get label(): string {
    return 'v1'
  }
}

export class DeployV2 extends Deploy {
  get label(): string {
    return 'v2'
  }
}
