// The dashboard is a koa-reactor component: its page polls `refresh` every second, and each render shows what
// every node reported last. It holds nothing in its token.
import { fileURLToPath } from 'node:url'
import { Component } from '../../core/component.js'
import { pluginOf } from '../../core/plugin.js'
import { DASHBOARD, type DashboardPlugin } from './index.js'
import { duration, megabytes, ms, type DashboardView } from './view.js'

const controls = (instance: Component<unknown>) => pluginOf<DashboardPlugin>(instance, 'dashboard')!

export class ReactorDashboard extends Component {
  static tag = DASHBOARD
  static template = fileURLToPath(new URL('dashboard.pug', import.meta.url))
  static handlers = { refresh: {} }

  view!: DashboardView
  readonly ms = ms
  readonly megabytes = megabytes
  readonly duration = duration

  allowed(): boolean | Promise<boolean> {
    return controls(this).allows(this.user)
  }

  async rendering(): Promise<void> {
    this.view = await controls(this).view()
  }

  /** the poll's tick: the render shows the numbers of now */
  refresh(): void {}

  /** A count for people: 1,234; a rate with one decimal. */
  n(value: number, decimals = 0): string {
    return value.toLocaleString('en', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
  }
}
