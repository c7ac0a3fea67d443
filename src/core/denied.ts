// One rule for a user who may not use a component (its `allowed()` said no), for the page request and the socket.

import type { Component } from './component.js'

/** What follows the refusal: the browser goes to `login` (the class's `loginUrl`); without one, the component is
 * left out of the page (a page request) or removed from it (a socket). */
export interface Denial {
  readonly login?: string
}

export function denied(instance: Component): Denial {
  return { login: (instance.constructor as { loginUrl?: string }).loginUrl }
}
