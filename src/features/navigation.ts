// Where a component may send the browser (`visit`, `redirect`): a path of this site or an absolute http(s) URL.
// Never `javascript:` or `data:`, and no control characters (a tab or a newline hides a scheme from naive checks).
// A URL without a scheme is read as a browser reads it (`\` is `/`): one that leaves the site (`//evil.example`,
// `/\evil.example`) is refused; to send the browser elsewhere, write the URL with its scheme.
import type { Effect, EffectKinds } from '../core/effects.js'
import type { Feature } from '../koa/plugin.js'

const HERE = 'http://relative.invalid'

export function navigable(url: string): string {
  let to: URL | undefined
  try {
    to = /[\u0000-\u001f\u007f]/.test(url) ? undefined : new URL(url, HERE)
  } catch {}
  const relative = !/^[a-z][a-z\d+.-]*:/i.test(url)
  if (!to || (to.protocol !== 'http:' && to.protocol !== 'https:') || (relative && to.origin !== HERE)) {
    throw new Error(`cannot navigate to ${JSON.stringify(url)}: give a path of this site or an http(s) URL, without control characters (a path of this site starts with one '/', and a browser reads '\\' as '/')`)
  }
  return url
}

declare module '../core/effects.js' {
  interface EffectKinds {
    /** live navigation (an HTTP redirect during the first render) */
    visit: { kind: 'visit'; url: string; action: 'advance' | 'replace' }
    /** a whole page load */
    redirect: { kind: 'redirect'; url: string }
  }
}

type Navigation = EffectKinds['visit'] | EffectKinds['redirect']

const isNavigation = (effect: Effect): effect is Navigation => effect.kind === 'visit' || effect.kind === 'redirect'

/** The capability: `visit` and `redirect` go to the browser as a `visit` message (with what the handler's other
 * effects carry on it: flash's `f`); during the first render, the first of them is an HTTP redirect. */
export const navigation: Feature = () => ({
  name: 'navigation',
  effects: {
    visit: ({ url, action }, { host, carry }) => host.send({ t: 'visit', url, action, ...carry }),
    redirect: ({ url }, { host, carry }) => host.send({ t: 'visit', url, action: 'redirect', ...carry }),
  },
  page: {
    batch(effects, { page }) {
      const first = effects.find(isNavigation)
      if (first) page.ctx.redirect(first.url)
    },
  },
})
