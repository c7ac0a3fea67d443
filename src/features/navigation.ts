// Where a component may send the browser (`visit`, `redirect`): a path of this site or an http(s) URL.
// Never `javascript:` or `data:`, and no control characters (a tab or a newline hides a scheme from naive checks).

export function navigable(url: string): string {
  let scheme = ''
  try {
    scheme = /[\u0000-\u001f\u007f]/.test(url) ? '' : new URL(url, 'http://relative.invalid').protocol
  } catch {}
  if (scheme !== 'http:' && scheme !== 'https:') {
    throw new Error(`cannot navigate to ${JSON.stringify(url)}: give a path of this site or an http(s) URL, without control characters`)
  }
  return url
}
