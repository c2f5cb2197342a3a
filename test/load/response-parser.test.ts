import { describe, expect, it } from 'vitest';
import { PARSE_ERROR, PARSE_NEED_MORE, ResponseParser } from '../../harness/load/response-parser.js';

interface Parsed {
  readonly result: 'done' | 'more' | 'error';
  readonly end: number;
  readonly parser: ResponseParser;
}

/** Feeds `text` cut at the given offsets, as separate reads into one reused buffer. */
function feed(text: string, cuts: number[] = [], detail = false, noBody = false): Parsed {
  const bytes = Buffer.from(text, 'latin1');
  const parser = new ResponseParser();
  parser.reset(detail, noBody);
  const shared = Buffer.alloc(bytes.length + 16);
  const points = [0, ...cuts, bytes.length];
  for (let i = 0; i < points.length - 1; i++) {
    const from = points[i] as number;
    const to = points[i + 1] as number;
    shared.fill(0x58); // the reused buffer is overwritten between reads
    bytes.copy(shared, 0, from, to);
    const at = parser.execute(shared, 0, to - from);
    if (at === PARSE_ERROR) return { result: 'error', end: -1, parser };
    if (at !== PARSE_NEED_MORE) return { result: 'done', end: from + at, parser };
  }
  return { result: 'more', end: bytes.length, parser };
}

const simple = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello';
const chunked =
  'HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\nX-Tenant: t1\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\n';

describe('response parser', () => {
  it('reads status and a content-length body; keep-alive by default', () => {
    const { result, end, parser } = feed(simple, [], true);
    expect(result).toBe('done');
    expect(end).toBe(simple.length);
    expect(parser.status).toBe(200);
    expect(parser.keepAlive).toBe(true);
    expect(parser.bodyText()).toBe('hello');
    expect(parser.headers).toEqual({ 'content-type': 'text/plain', 'content-length': '5' });
  });

  it('keeps neither headers nor body unless asked', () => {
    const { parser } = feed(simple);
    expect(parser.headers).toBeUndefined();
    expect(parser.bodyText()).toBe('');
  });

  it('decodes chunked bodies split at every possible byte', () => {
    for (let cut = 1; cut < chunked.length; cut++) {
      const { result, end, parser } = feed(chunked, [cut], true);
      expect(result, `cut at ${cut}`).toBe('done');
      expect(end).toBe(chunked.length);
      expect(parser.status).toBe(201);
      expect(parser.bodyText()).toBe('hello world');
      expect(parser.headers?.['x-tenant']).toBe('t1');
    }
  });

  it('survives a response delivered one byte per read', () => {
    const cuts = Array.from({ length: simple.length - 1 }, (_, i) => i + 1);
    const { result, parser } = feed(simple, cuts, true);
    expect(result).toBe('done');
    expect(parser.bodyText()).toBe('hello');
  });

  it('honours connection: close and HTTP/1.0', () => {
    expect(feed('HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n').parser.keepAlive).toBe(false);
    expect(feed('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n').parser.keepAlive).toBe(false);
    expect(feed('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n').parser.keepAlive).toBe(true);
  });

  it('a body without length or chunking ends with the connection', () => {
    const { result, parser } = feed('HTTP/1.1 200 OK\r\n\r\npartial', [], true);
    expect(result).toBe('more');
    expect(parser.endsAtClose).toBe(true);
    expect(parser.keepAlive).toBe(false);
    parser.finishAtClose();
    expect(parser.done).toBe(true);
    expect(parser.bodyText()).toBe('partial');
  });

  it('knows which responses have no body: 204, 304, HEAD', () => {
    expect(feed('HTTP/1.1 204 No Content\r\n\r\n').result).toBe('done');
    expect(feed('HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n').result).toBe('done');
    expect(feed('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n', [], false, true).result).toBe('done');
  });

  it('skips 100 Continue and reads the final response', () => {
    const { result, parser } = feed(`HTTP/1.1 100 Continue\r\n\r\n${simple}`, [10]);
    expect(result).toBe('done');
    expect(parser.status).toBe(200);
  });

  it('reports where the response ends when more bytes follow', () => {
    const { end } = feed(`${simple}HTTP/1.1 200 OK\r\n`);
    expect(end).toBe(simple.length);
  });

  it('rejects what is not HTTP/1.x', () => {
    expect(feed('SSH-2.0-OpenSSH_9.0\r\n\r\n').result).toBe('error');
    expect(feed('HTTP/1.1 2x0 OK\r\n\r\n').result).toBe('error');
    expect(feed('HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n').result).toBe('error');
    expect(feed('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n').result).toBe('error');
    expect(feed('HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n').result).toBe('error');
  });
});
