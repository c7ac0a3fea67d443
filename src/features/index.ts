// The built-in capabilities, in order: a hook runs for each capability in this order (presence and replay write
// their claims before sealed encrypts the state; flash comes before navigation, whose visit carries it; develop
// first: it sees a component as mount and the handler left it, before any other capability's hook; telemetry's
// spans hold every other capability's work).
import type { Feature } from '../koa/plugin.js'
import { develop } from './develop/index.js'
import { liveReload } from './develop/live-reload.js'
import { asyncWork } from './async.js'
import { dashboard } from './dashboard/index.js'
import { commands } from './commands.js'
import { flash } from './flash.js'
import { forms } from './forms/index.js'
import { lazy } from './lazy.js'
import { navigation } from './navigation.js'
import { presence } from './presence/index.js'
import { query } from './query.js'
import { replay } from './replay.js'
import { sealed } from './sealed.js'
import { steps } from './steps.js'
import { streams } from './streams/index.js'
import { telemetry } from './telemetry/index.js'
import { uploads } from './uploads/index.js'

export const features: readonly Feature[] = [develop, telemetry, liveReload, flash, navigation, commands, forms, asyncWork, lazy, query, steps, streams, uploads, presence, replay, sealed, dashboard]
