// The transport options: which transport pages use, and when the WebSocket gives way to HTTP. What the page's
// script reads of them is its `data-fallback`: [afterTries, afterMs], 1e9 for never; `retryMs` is the server's
// (it ends an HTTP stream after it, and the page tries the WebSocket first as it reconnects).

/** `auto` (the default): the WebSocket, and HTTP after it fails to open; `websocket`: never HTTP; `http`: only HTTP. */
export type Transport = 'auto' | 'websocket' | 'http'

export interface FallbackOptions {
  /** the WebSocket's failed opens in a row after which the page goes on over HTTP; default 2 */
  afterTries?: number
  /** a WebSocket not open after this many ms counts as a failed try (a proxy holding the upgrade); default 5000 */
  afterMs?: number
  /** the server ends an HTTP stream after this many ms: the page reconnects, trying the WebSocket first (and stays on it once it opens); default 300,000 */
  retryMs?: number
}

const NEVER = 1e9
const KEYS = ['afterTries', 'afterMs', 'retryMs'] as const

export const isTransport = (v: unknown) => v === 'auto' || v === 'websocket' || v === 'http'

export const isFallback = (v: unknown) =>
  typeof v === 'object' && v !== null && Object.entries(v).every(([k, n]) => KEYS.includes(k as never) && (n === undefined || (typeof n === 'number' && n >= 0 && n <= NEVER)))

/** The page script's `data-fallback` attribute, or '' for the client's defaults. */
export function fallbackAttribute(transport: Transport = 'auto', fallback?: FallbackOptions): string {
  const plan = transport === 'http' ? [0, 0] : transport === 'websocket' ? [NEVER, NEVER] : fallback?.afterTries !== undefined || fallback?.afterMs !== undefined ? [fallback.afterTries ?? 2, fallback.afterMs ?? 5000] : undefined
  return plan ? ` data-fallback="[${plan.join(',')}]"` : ''
}

/** How long the server keeps an HTTP stream open: `retryMs`, or (forced HTTP) a day, within its ticket's life. */
export const streamAgeMs = (transport: Transport = 'auto', fallback?: FallbackOptions): number =>
  transport === 'http' ? 86_400_000 : Math.min(fallback?.retryMs ?? 300_000, 86_400_000)
