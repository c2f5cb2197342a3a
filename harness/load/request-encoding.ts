import { StampedeError } from '../errors/stampede-error.js';
import type { RequestSpec } from './load-plan.js';
import type { Target } from './target-url.js';

/**
 * Serialises a request to the exact bytes written on the socket. Fixed requests are encoded once
 * per target and the Buffer reused; built ones are encoded per request (one string, one Buffer).
 * Everything the caller controls is checked for CR/LF so that a builder bug cannot smuggle a
 * second request into the stream.
 */

const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Path and query: visible ASCII only (non-ASCII must be percent-encoded by the builder).
const pathChars = /^[\x21-\x7e]+$/;
const unsafeValue = /[\r\n\0]/;
const bodyMethods = new Set(['POST', 'PUT', 'PATCH']);

function invalid(message: string): StampedeError {
  return new StampedeError('STAMPEDE_LOAD_BAD_REQUEST', message, {
    hint: 'fix the request template: methods and header names are tokens, paths start with / and are percent-encoded',
  });
}

export function encodeRequest(spec: RequestSpec, target: Target): Buffer {
  const method = spec.method ?? 'GET';
  const path = spec.path ?? target.path;
  if (!token.test(method)) throw invalid(`request method ${JSON.stringify(method)} is not an HTTP token`);
  if (!pathChars.test(path) || (path[0] !== '/' && path !== '*'))
    throw invalid(`request path ${JSON.stringify(path)} is not a valid request target`);
  let head = `${method} ${path} HTTP/1.1\r\n`;
  let hasHost = false;
  let hasLength = false;
  let chunked = false;
  const headers = spec.headers;
  let lines = '';
  if (headers) {
    for (const name of Object.keys(headers)) {
      const value = String(headers[name]);
      if (!token.test(name)) throw invalid(`header name ${JSON.stringify(name)} is not an HTTP token`);
      if (unsafeValue.test(value)) throw invalid(`header ${name} has a CR, LF or NUL in its value`);
      const lower = name.toLowerCase();
      if (lower === 'host') hasHost = true;
      else if (lower === 'content-length') hasLength = true;
      else if (lower === 'transfer-encoding') chunked = true;
      lines += `${name}: ${value}\r\n`;
    }
  }
  if (!hasHost) head += `Host: ${target.hostHeader}\r\n`;
  head += lines;
  const body = spec.body;
  if (body === undefined) {
    if (!hasLength && !chunked && bodyMethods.has(method)) head += 'Content-Length: 0\r\n';
    return Buffer.from(`${head}\r\n`, 'latin1');
  }
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  if (!hasLength && !chunked) head += `Content-Length: ${bytes.length}\r\n`;
  head += '\r\n';
  const out = Buffer.allocUnsafe(head.length + bytes.length);
  out.write(head, 0, 'latin1');
  out.set(bytes, head.length);
  return out;
}
