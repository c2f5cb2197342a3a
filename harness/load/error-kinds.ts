/**
 * How a request can fail. Each failed request counts under exactly one kind; check failures are
 * also counted by name (see LoadResult.checkFailures).
 */
export const errorKinds = [
  /** ECONNREFUSED: nothing listens (instance down or not started yet). */
  'refused',
  /** ECONNRESET, EPIPE, or the server closed the connection before the response ended. */
  'reset',
  /** No complete response within the request timeout (the socket is destroyed). */
  'timeout',
  /** The response could not be parsed as HTTP/1.1. */
  'protocol',
  'http_4xx',
  'http_5xx',
  /** A 2xx/3xx response that a response check rejected. */
  'check',
  /** The target list was empty when the request was due. */
  'no_target',
  /** Any other socket error (its code is not one of the above). */
  'other',
] as const;

export type ErrorKind = (typeof errorKinds)[number];

/** Numeric indices for the hot path (counters are typed arrays indexed by kind). */
export const KIND_REFUSED = 0;
export const KIND_RESET = 1;
export const KIND_TIMEOUT = 2;
export const KIND_PROTOCOL = 3;
export const KIND_HTTP_4XX = 4;
export const KIND_HTTP_5XX = 5;
export const KIND_CHECK = 6;
export const KIND_NO_TARGET = 7;
export const KIND_OTHER = 8;

/** Maps a socket error to its kind by errno code, never by message text. */
export function classifySocketError(err: unknown): number {
  const code = (err as { code?: unknown } | undefined)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return KIND_REFUSED;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      return KIND_RESET;
    case 'ETIMEDOUT':
      return KIND_TIMEOUT;
    default:
      return KIND_OTHER;
  }
}

/** Expands a counter array into `{ kind: count }` with the zero entries left out. */
export function countsByKind(counts: ArrayLike<number>): Partial<Record<ErrorKind, number>> {
  const out: Partial<Record<ErrorKind, number>> = {};
  for (let i = 0; i < errorKinds.length; i++) {
    const n = counts[i] ?? 0;
    if (n > 0) out[errorKinds[i] as ErrorKind] = n;
  }
  return out;
}
