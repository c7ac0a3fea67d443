// The browser's capabilities, in order: where two handle one message, the first runs first (flash's cookie
// before navigation's visit; query's URL before navigation follows it). The development bundle adds `develop` and `liveReload`.
import type { Feature } from '../core/feature.js'
import { commands } from './commands.js'
import { develop } from './develop/index.js'
import { liveReload } from './develop/live-reload.js'
import { flash } from './flash.js'
import { lazy } from './lazy.js'
import { loading } from './loading.js'
import { navigation } from './navigation.js'
import { poll } from './poll.js'
import { query } from './query.js'
import { status } from './status.js'
import { streams } from './streams.js'
import { uploads } from './uploads.js'

export const features: Feature[] = [uploads, flash, query, navigation, lazy, commands, streams, poll, loading, status, ...(__DEV__ ? [develop, liveReload] : [])]
