// Kept for the browser client (public/morph.ts imports it): streams in the DOM live in streams/dom.ts.
export { stream } from './streams/dom.js'
