import { Component, t } from 'koa-reactor'

/** The seed's counter: +, - and reset. */
export class XCounter extends Component {
  static template = 'components/x-counter.pug'
  static state = { amount: t.int() }
  static handlers = { inc: {}, dec: {}, set_to: { amount: t.int() } }

  amount = 0

  inc() {
    this.amount += 1
  }

  dec() {
    this.amount -= 1
  }

  set_to({ amount }: { amount: number }) {
    this.amount = amount
  }
}
