// What `set_attr` (a handler's `this.js()`, or `@click.js` in a template) may not set, on the server and in the
// browser alike: an event handler attribute (`onclick`), `srcdoc`, or a value a browser would run as a script
// URL (`javascript:`, `vbscript:`, with the blanks and control characters a browser skips).

/** Whether `set_attr(name, value)` could run script. */
export const scriptedAttribute = (name: string, value: string): boolean =>
  /^\s*(on|srcdoc\s*$)/i.test(name) || /^(javascript|vbscript):/i.test(value.replace(/[\u0000-\u0020]/g, ''))
