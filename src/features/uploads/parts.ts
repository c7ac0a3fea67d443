// How a file's bytes travel, for the browser client, the test client and the node alike: chunks of 256 KiB
// over the page's socket (each acknowledged), or parts of 4 MB in PUTs to `<socket path>/upload/<ticket>`.

/** The bytes of one binary chunk over the socket. */
export const CHUNK = 1 << 18

/** The bytes of one PUT (a proxy must take bodies this big: nginx's `client_max_body_size 5m`, say). */
export const PART = 4e6

/** What comes after the socket's path in an upload's URL, before the ticket. */
export const UPLOAD_PATH = '/upload/'
