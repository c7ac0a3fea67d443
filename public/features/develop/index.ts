// Development (reactor.dev.js only): the error overlay, a console warning for each `@event` binding outside any
// component (it does nothing: only components' elements are bound), the server's warning that no server serves
// the socket, and the wire's latency simulator and log (wire.ts).
import type { Feature } from '../../core/feature.js'
import { me, ROOT } from '../../core/wire.js'
import { overlay } from './overlay.js'
import { relay, wire } from './wire.js'

function warnStrays(): void {
  for (const el of document.querySelectorAll('body *')) {
    for (const { name } of el.attributes) {
      if (name.startsWith('on:') && !el.closest(ROOT)) {
        console.warn(`reactor: <${el.localName} ${name}> is outside any component: it does nothing`)
      }
    }
  }
}

export const develop: Feature = {
  boot() {
    warnStrays()
    // a warning the server put on the page: no server serves the socket
    if (me.dataset.warn) overlay({ code: 'socket-not-bound', msg: me.dataset.warn, dev: {} })
    wire.boot()
  },
  report: overlay,
  relay,
  api: wire.api,
}
