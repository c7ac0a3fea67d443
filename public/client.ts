// The browser client: joins the components already on the page, sends their events in order, applies the
// renders with morphdom, and survives reconnects (rejoin from the tokens in the DOM, re-send the outbox).
// The core (core/) names no capability; each capability (features/) plugs in through core/feature.ts.
import { call, each, features as list } from './core/feature.js'
import { start, watch } from './core/life.js'
import { onShown } from './core/reconnect.js'
import { send } from './core/send.js'
import { connect, messages, reconnect } from './core/socket.js'
import { roots } from './core/wire.js'
import { features } from './features/index.js'

list.push({ messages }, ...features)

function boot(): void {
  roots().forEach(start)
  watch()
  call(/* @__KEY__ */ 'boot')
  connect()
  onShown(reconnect)
}

;(window as unknown as { reactor: object }).reactor = Object.assign({ send }, ...each(/* @__KEY__ */ 'api'))

if (document.readyState == 'loading') addEventListener('DOMContentLoaded', boot)
else boot()
