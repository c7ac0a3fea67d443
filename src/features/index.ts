// The built-in capabilities, in order: a hook runs for each capability in this order (presence and replay write
// their claims before sealed encrypts the state; flash comes before navigation, whose visit carries it).
import type { Feature } from '../koa/plugin.js'
import { streams } from './streams/index.js'
import { uploads } from './uploads/index.js'

export const features: readonly Feature[] = [streams, uploads]
