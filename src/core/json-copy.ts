// A state's copy for its token, as the token's JSON would bring it back.
/**
 * What `JSON.parse(JSON.stringify(values))` gives (a copy that shares nothing, as a token would bring it back), made
 * without the text when each value is a string, a boolean, null or a finite number: most states on every event.
 */
export function jsonCopy(values: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(values)) {
    const value = values[key]
    const type = typeof value
    if (value === undefined) continue
    const plain = type === 'string' || type === 'boolean' || value === null || (type === 'number' && Number.isFinite(value) && !Object.is(value, -0))
    if (!plain || key === '__proto__') return JSON.parse(JSON.stringify(values))
    copy[key] = value
  }
  return copy
}
