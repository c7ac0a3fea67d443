// The built-in capabilities, in order: a hook runs for each capability in this order (presence and replay write
// their claims before sealed encrypts the state; flash comes before navigation, whose visit carries it).
import type { Feature } from '../koa/plugin.js'
import { asyncWork } from './async.js'
import { commands } from './commands.js'
import { flash } from './flash.js'
import { lazy } from './lazy.js'
import { navigation } from './navigation.js'

export const features: readonly Feature[] = [flash, navigation, commands, asyncWork, lazy]
