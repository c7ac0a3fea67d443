// The dashboard specs' steps: logging in as a person of the notes example, reading the dashboard's HTML, opening it
// in Chromium.
import { expect } from 'chai'
import type { Page } from 'playwright-core'

/** Logs in as a person of the notes example: the session cookie. */
export async function logIn(url: string): Promise<string> {
  const res = await fetch(`${url}/notes/login`, { method: 'POST', body: new URLSearchParams({ login: 'ada', password: 'lovelace' }), redirect: 'manual' })
  expect(res.status, 'the login redirects').to.equal(302)
  return res.headers.get('set-cookie')!.split(';')[0]
}

/** The dashboard page's cells: this node's row, by column class, and the cluster's tables. */
export function read(html: string) {
  const cell = (name: string) => new RegExp(`class="rx-self".*?class="rx-${name}">([^<]*)<`, 's').exec(html)?.[1]
  const codes = Object.fromEntries([...html.matchAll(/data-code="([^"]+)"><td><code>[^<]*<\/code><\/td><td class="rx-count">([^<]*)</g)].map(([, code, n]) => [code, Number(n)]))
  const handlers = [...html.matchAll(/data-handler="([^"]+)"/g)].map(([, name]) => name)
  return { node: /class="rx-self" data-node="([^"]+)"/.exec(html)?.[1], events: Number(cell('events')), p50: cell('p50'), p99: cell('p99'), sockets: Number(cell('sockets')), components: Number(cell('components')), codes, handlers }
}

/** Opens the dashboard of `base` through the notes example's login page, as a person would. */
export async function openDashboard(open: (url: string) => Promise<Page>, base: string): Promise<Page> {
  const page = await open(`${base}/admin/dashboard`)
  expect(new URL(page.url()).pathname, 'a visitor is sent to log in first').to.equal('/notes/login')
  await page.fill('input[name=login]', 'ada')
  await page.fill('input[name=password]', 'lovelace')
  await Promise.all([page.waitForURL(`${base}/admin/dashboard`), page.click('button[type=submit]')])
  await page.waitForSelector('[reactor-component=reactor-dashboard] tr.rx-self')
  return page
}

/** Where a showcase link lands: the live dashboard is for people who logged in, a visitor lands on the login page. */
export const landsOn = (path: string): string => (path === 'admin/dashboard' ? '/notes/login' : `/${path}`)
