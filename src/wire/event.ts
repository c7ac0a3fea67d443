/** An event to run: the browser's (with its sequence number q) or another component's `send`. */
export interface Event {
  n: string
  a?: Record<string, unknown>
  q?: number
  /** re-sent after a reconnect: its answer may have been lost */
  r?: 1
  /** sent by a component of the page (`send`, `sendParent`), not the browser: internal handlers are reachable */
  internal?: true
}
