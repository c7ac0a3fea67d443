// The page as LiveView and Livewire users know it: a lazy report with async data, a dashboard that polls,
// a menu and a modal made of client commands (with a flash on save); the layout navigates live between pages.
import type Router from '@koa/router'
import { XDashboard } from './dashboard.js'
import { XMenuDemo } from './menu.js'
import { XSalesReport } from './report.js'
import { templatePath } from '../template.js'

export const liveExamples = {
  components: [XSalesReport, XDashboard, XMenuDemo],
  routes(router: Router): void {
    router.get('/report', (ctx) => ctx.render(templatePath('live/report-page.pug'), { title: 'Report' }))
    router.get('/dashboard', (ctx) => ctx.render(templatePath('live/dashboard-page.pug'), { title: 'Dashboard' }))
    router.get('/menu', (ctx) => ctx.render(templatePath('live/menu-page.pug'), { title: 'Menu and modal' }))
  },
}
