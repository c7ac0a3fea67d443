// The development error page: what a page whose render failed answers in development, instead of a bare 500.
// It names the page, the component, the message (Pug adds the template's lines) and the stack.
import type { Context } from 'koa'
import { escapeHtml } from '../../core/helpers.js'
import { componentOf } from '../../core/render.js'
import type { Logger } from '../../wire/errors.js'

const STYLE = `body{margin:0;font:15px/1.5 system-ui,sans-serif;background:#fafafa;color:#1d1d1f}
header{background:#e5484d;color:#fff;padding:1.2em 2em}h1{margin:0;font-size:1.3em}header p{margin:.3em 0 0;opacity:.9}
main{padding:1em 2em}pre{background:#1e1e1e;color:#eee;padding:1em;border-radius:6px;overflow:auto;white-space:pre-wrap}
.stack{color:#aaa;font-size:13px}footer{padding:0 2em 2em;color:#666}code{background:#eee;padding:0 .3em;border-radius:3px}`

/** The HTML of the error page for `error`, thrown while `view` rendered. `nonce` goes on its <style> (CSP). */
export function errorPage(view: string, error: unknown, nonce?: string): string {
  const component = componentOf(error)
  const message = error instanceof Error ? error.message : String(error)
  const stack = error instanceof Error ? (error.stack ?? '') : ''
  const where = component ? ` in component <code>${escapeHtml(component)}</code>` : ''
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>500 · ${escapeHtml(view)} failed</title>
<style${nonce ? ` nonce="${escapeHtml(nonce)}"` : ''}>${STYLE}</style></head><body reactor-error-page>
<header><h1>Rendering ${escapeHtml(view)} failed</h1><p>${escapeHtml(errorName(error))}${where}</p></header>
<main><pre class="message">${escapeHtml(message)}</pre><pre class="stack">${escapeHtml(stack)}</pre></main>
<footer>koa-reactor shows this page in development only; with <code>NODE_ENV=production</code> the browser gets a plain 500 and the log keeps the detail.</footer>
</body></html>`
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error
}

/** Development: a page whose render failed answers with the error page (the log has it too). */
export function showErrorPage(ctx: Context, view: string, error: unknown, log: Logger): void {
  log.error(`koa-reactor: rendering page ${view} failed`, error)
  ctx.status = 500
  ctx.type = 'html'
  ctx.body = errorPage(view, error, ctx.state.cspNonce)
}
