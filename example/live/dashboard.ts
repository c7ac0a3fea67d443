import { Component, t } from 'koa-reactor'
import { templatePath } from '../template.js'

/** A dashboard that polls: the server's clock and load every 2 s (slower in a background tab). */
export class XDashboard extends Component {
  static template = templatePath('live/dashboard.pug')
  static state = { polls: t.int() }
  static handlers = { refresh: {} }

  polls = 0

  refresh(): void {
    this.polls += 1
  }

  get now(): string {
    return new Date().toISOString().slice(11, 19)
  }

  get load(): string {
    return process.memoryUsage().rss.toLocaleString('en')
  }
}
