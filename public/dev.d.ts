/** true in the development bundle (reactor.dev.js): the error overlay and the warnings; false in production. */
declare const __DEV__: boolean
