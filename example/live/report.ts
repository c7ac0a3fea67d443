import { Component, t } from 'koa-reactor'
import { templatePath } from '../template.js'

/** A slow report (about 600 ms): placed lazily by its page, its rows loaded with this.async. */
export class XSalesReport extends Component {
  static template = templatePath('live/report.pug')
  static state = { region: t.string() }
  static handlers = { refresh: {} }

  region = ''
  rows?: Array<{ month: string; total: number }>

  placeholder(): string {
    return '<p class="skeleton">Loading the report…</p>'
  }

  mount({ region }: { region: string }): void {
    this.region = region
    this.refresh()
  }

  refresh(): void {
    this.async('rows', () => slowReport(this.region))
  }
}

async function slowReport(region: string) {
  await new Promise((resolve) => setTimeout(resolve, 600))
  return ['Jan', 'Feb', 'Mar'].map((month, i) => ({ month, total: (region.length * 1000 + i * 250 + Math.round(Math.random() * 100)) }))
}
