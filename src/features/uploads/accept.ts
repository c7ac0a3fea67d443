// Whether a file matches an `accept` list (MIME types, `type/*`, or `.ext`), as the browser's file picker reads it.
// Shared by the server's checks and the browser client's.
export function accepts(accept: string[] | undefined, { name, type }: { name: string; type: string }): boolean {
  if (!accept?.length) return true
  return accept.some((a) => (a[0] == '.' ? name.toLowerCase().endsWith(a.toLowerCase()) : a.endsWith('/*') ? type.startsWith(a.slice(0, -1)) : type == a))
}
