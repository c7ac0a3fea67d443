// State in the URL (a component's `static query`): the server's `url` message sets its parameters (null removes
// one) in a new history entry with `push`, else in the same one; a page put back by Back loads from its URL.
import type { Feature } from '../core/feature.js'
import { entry, key } from '../core/wire.js'

export const query: Feature = {
  messages: {
    url({ set, push }) {
      const url = new URL(location.href)
      for (const [k, v] of Object.entries(set!)) {
        url.searchParams.delete(k)
        for (const value of [v ?? []].flat()) url.searchParams.append(k, value)
      }
      entry(!push, url, push ? key() : history.state?.rx)
    },
  },
}
