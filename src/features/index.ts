// The built-in capabilities, in order: a hook runs for each capability in this order (presence and replay write
// their claims before sealed encrypts the state; flash comes before navigation, whose visit carries it).
import type { Feature } from '../koa/plugin.js'
import { presence } from './presence/index.js'
import { query } from './query.js'
import { replay } from './replay.js'
import { sealed } from './sealed.js'
import { steps } from './steps.js'

export const features: readonly Feature[] = [query, steps, presence, replay, sealed]
