import { Component, t } from 'koa-reactor'
import { templatePath } from '../template.js'

/** A menu and a modal made of client commands, and a save that flashes and sends commands back. */
export class XMenuDemo extends Component {
  static template = templatePath('live/menu.pug')
  static state = { saves: t.int() }
  static handlers = { save: {} }

  saves = 0

  save(): void {
    this.saves += 1
    this.flash('success', `Saved (${this.saves})`)
    this.js().hide('#modal').add_class('#saved-badge', 'shown')
  }
}
