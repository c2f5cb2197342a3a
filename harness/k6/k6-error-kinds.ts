import type { ErrorKind } from '../load/error-kinds.js';

/**
 * A k6 request's outcome in our error kinds (harness/load/error-kinds.ts), from the tags k6
 * puts on its http_reqs points: `status` (0 when no response came), `error_code` (k6's
 * javascript-api/error-codes page: 1000-1099 general, 1100 DNS, 1200 TCP, 1300 TLS, 1400/1500
 * HTTP 4xx/5xx, 1600 HTTP/2) and `expected_response` (what the script's response callback said).
 */
export function k6ErrorKind(status: number, errorCode: number, expected: boolean | undefined): ErrorKind | undefined {
  if (status === 0) return transportKind(errorCode);
  if (expected === true) return undefined;
  if (status >= 500) return 'http_5xx';
  if (status >= 400) return 'http_4xx';
  // A 2xx/3xx that the response callback called unexpected (a script's own rule).
  if (expected === false) return 'other';
  return undefined;
}

function transportKind(code: number): ErrorKind {
  switch (code) {
    case 1050: // the HTTP request timed out
    case 1211: // dial timeout
      return 'timeout';
    case 1212: // connection refused
      return 'refused';
    case 1201: // broken pipe on write
    case 1220: // connection reset by peer
      return 'reset';
    default:
      if (code >= 1600 && code < 1700) return 'protocol';
      return 'other';
  }
}
