import { ChunkedDecoder, PARSE_ERROR, PARSE_NEED_MORE } from './chunked-decoder.js';

/**
 * Minimal incremental HTTP/1.1 response parser. It reads only what the load engine needs: the
 * status, the framing headers (content-length, transfer-encoding: chunked, connection), and the
 * headers and body only when a response check asks for them. Everything else is skipped byte by
 * byte without building strings, which is where general-purpose parsers spend their time.
 *
 * Bytes arrive in a buffer that is reused for every read (net's `onread`), so anything kept past
 * one call is copied.
 */

const HEAD = 0;
const BODY_LENGTH = 1;
const BODY_UNTIL_CLOSE = 2;
const BODY_CHUNKED = 3;
const DONE = 4;

export { PARSE_ERROR, PARSE_NEED_MORE };

const maxHeadBytes = 64 * 1024;
const maxBodyBytes = 4 * 1024 * 1024;

// Lower-case ASCII of the framing header names and values, compared with `byte | 0x20`.
const CONTENT_LENGTH = Buffer.from('content-length');
const TRANSFER_ENCODING = Buffer.from('transfer-encoding');
const CONNECTION = Buffer.from('connection');
const KEEP_ALIVE = Buffer.from('keep-alive');
const CLOSE = Buffer.from('close');
const CHUNKED = Buffer.from('chunked');

function nameIs(buf: Buffer, start: number, end: number, name: Buffer): boolean {
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) {
    if (((buf[start + i] as number) | 0x20) !== name[i]) return false;
  }
  return true;
}

/** Case-insensitive search of a lower-case ASCII word in buf[start, end). */
function containsWord(buf: Buffer, start: number, end: number, word: string): boolean {
  return buf.toString('latin1', start, end).toLowerCase().includes(word);
}

export class ResponseParser {
  status = 0;
  /** False when the server asked to close (or spoke HTTP/1.0 without keep-alive). */
  keepAlive = true;
  /** Lower-cased header names to values; filled only when `detail` was asked for. */
  headers: Record<string, string> | undefined;
  private state: number = DONE;
  private detail = false;
  private noBody = false;
  private remaining = 0;
  private chunked = false;
  private contentLength = -1;
  private readonly chunks = new ChunkedDecoder();
  private readonly keepChunk = (buf: Buffer, start: number, end: number) => this.keep(buf, start, end);
  private pendingHead: Buffer | undefined;
  private bodyParts: Buffer[] | undefined;
  private bodyBytes = 0;

  /** Prepares for the next response; `detail` keeps headers and body, `noBody` for HEAD requests. */
  reset(detail: boolean, noBody: boolean): void {
    this.state = HEAD;
    this.status = 0;
    this.keepAlive = true;
    this.detail = detail;
    this.noBody = noBody;
    this.headers = undefined;
    this.pendingHead = undefined;
    this.bodyParts = undefined;
    this.bodyBytes = 0;
  }

  get done(): boolean {
    return this.state === DONE;
  }

  /** True when the response is delimited by the end of the connection (no length, not chunked). */
  get endsAtClose(): boolean {
    return this.state === BODY_UNTIL_CLOSE;
  }

  /** Marks a close-delimited body as complete (the connection ended). */
  finishAtClose(): void {
    if (this.state === BODY_UNTIL_CLOSE) this.state = DONE;
  }

  /** The body as text; only kept when reset() was called with detail. */
  bodyText(): string {
    if (!this.bodyParts) return '';
    return this.bodyParts.length === 1 ? (this.bodyParts[0] as Buffer).toString('utf8') : Buffer.concat(this.bodyParts).toString('utf8');
  }

  /**
   * Consumes buf[start, end). Returns the offset just past the response when it completed (bytes
   * after it are not part of this response), PARSE_NEED_MORE when all bytes were consumed and the
   * response is not over, or PARSE_ERROR.
   */
  execute(buf: Buffer, start: number, end: number): number {
    let at = start;
    if (this.state === HEAD) {
      if (this.pendingHead) {
        // Rare path: the head spans reads. Join and parse the whole head again.
        const joined = Buffer.concat([this.pendingHead, buf.subarray(start, end)]);
        const consumedBefore = this.pendingHead.length;
        const result = this.parseHead(joined, 0, joined.length);
        if (result === PARSE_ERROR) return PARSE_ERROR;
        if (result === PARSE_NEED_MORE) {
          if (joined.length > maxHeadBytes) return PARSE_ERROR;
          this.pendingHead = joined;
          return PARSE_NEED_MORE;
        }
        this.pendingHead = undefined;
        at = start + (result - consumedBefore);
      } else {
        const result = this.parseHead(buf, start, end);
        if (result === PARSE_ERROR) return PARSE_ERROR;
        if (result === PARSE_NEED_MORE) {
          this.pendingHead = Buffer.from(buf.subarray(start, end));
          return PARSE_NEED_MORE;
        }
        at = result;
      }
      if (this.done) return at;
    }
    return this.parseBody(buf, at, end);
  }

  /** Parses a complete head if buf[start, end) holds one; sets the body state. */
  private parseHead(buf: Buffer, start: number, end: number): number {
    let lineStart = start;
    let first = true;
    this.contentLength = -1;
    this.chunked = false;
    for (;;) {
      let lf = lineStart;
      while (lf < end && buf[lf] !== 10) lf++;
      if (lf >= end) return PARSE_NEED_MORE;
      const lineEnd = lf > lineStart && buf[lf - 1] === 13 ? lf - 1 : lf;
      if (first) {
        if (!this.parseStatusLine(buf, lineStart, lineEnd)) return PARSE_ERROR;
        first = false;
      } else if (lineEnd === lineStart) {
        return this.startBody(lf + 1, buf, end);
      } else if (!this.parseHeaderLine(buf, lineStart, lineEnd)) {
        return PARSE_ERROR;
      }
      lineStart = lf + 1;
    }
  }

  private parseStatusLine(buf: Buffer, start: number, end: number): boolean {
    // "HTTP/1.1 200 OK": fixed offsets, checked byte by byte.
    if (end - start < 12 || buf[start] !== 72 || buf[start + 1] !== 84 || buf[start + 2] !== 84 || buf[start + 3] !== 80) return false;
    if (buf[start + 4] !== 47 || buf[start + 5] !== 49 || buf[start + 6] !== 46 || buf[start + 8] !== 32) return false;
    const d0 = (buf[start + 9] as number) - 48;
    const d1 = (buf[start + 10] as number) - 48;
    const d2 = (buf[start + 11] as number) - 48;
    if (d0 < 1 || d0 > 5 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
    this.status = d0 * 100 + d1 * 10 + d2;
    // HTTP/1.0 closes unless it says keep-alive.
    this.keepAlive = buf[start + 7] !== 48;
    if (this.detail) this.headers = {};
    return true;
  }

  private parseHeaderLine(buf: Buffer, start: number, end: number): boolean {
    const first = (buf[start] as number) | 0x20;
    // Only content-length, connection and transfer-encoding matter unless a check wants headers:
    // every other line is skipped without looking inside it.
    if (first !== 99 /* c */ && first !== 116 /* t */ && !this.headers) return true;
    let colon = start;
    while (colon < end && buf[colon] !== 58) colon++;
    if (colon === end || colon === start) return false;
    let valueStart = colon + 1;
    while (valueStart < end && (buf[valueStart] === 32 || buf[valueStart] === 9)) valueStart++;
    let valueEnd = end;
    while (valueEnd > valueStart && (buf[valueEnd - 1] === 32 || buf[valueEnd - 1] === 9)) valueEnd--;
    if (first === 99) {
      if (nameIs(buf, start, colon, CONTENT_LENGTH)) {
        let n = 0;
        if (valueStart === valueEnd) return false;
        for (let i = valueStart; i < valueEnd; i++) {
          const d = (buf[i] as number) - 48;
          if (d < 0 || d > 9) return false;
          n = n * 10 + d;
        }
        if (this.contentLength !== -1 && this.contentLength !== n) return false;
        this.contentLength = n;
      } else if (nameIs(buf, start, colon, CONNECTION)) {
        if (nameIs(buf, valueStart, valueEnd, KEEP_ALIVE)) this.keepAlive = true;
        else if (nameIs(buf, valueStart, valueEnd, CLOSE) || containsWord(buf, valueStart, valueEnd, 'close')) this.keepAlive = false;
        else if (containsWord(buf, valueStart, valueEnd, 'keep-alive')) this.keepAlive = true;
      }
    } else if (first === 116 && nameIs(buf, start, colon, TRANSFER_ENCODING)) {
      this.chunked = nameIs(buf, valueStart, valueEnd, CHUNKED) || containsWord(buf, valueStart, valueEnd, 'chunked');
    }
    if (this.headers) {
      const name = buf.toString('latin1', start, colon).toLowerCase();
      const value = buf.toString('latin1', valueStart, valueEnd);
      const previous = this.headers[name];
      this.headers[name] = previous === undefined ? value : `${previous}, ${value}`;
    }
    return true;
  }

  private startBody(at: number, buf: Buffer, end: number): number {
    const status = this.status;
    if (status >= 100 && status < 200) {
      // Interim response (100 Continue): the real one follows.
      this.status = 0;
      this.keepAlive = true;
      const next = this.parseHead(buf, at, end);
      return next;
    }
    if (this.detail) this.bodyParts = [];
    if (this.noBody || status === 204 || status === 304) {
      this.state = DONE;
    } else if (this.chunked) {
      this.state = BODY_CHUNKED;
      this.chunks.reset();
    } else if (this.contentLength >= 0) {
      this.remaining = this.contentLength;
      this.state = this.remaining === 0 ? DONE : BODY_LENGTH;
    } else {
      this.state = BODY_UNTIL_CLOSE;
      this.keepAlive = false;
    }
    return at;
  }

  private keep(buf: Buffer, start: number, end: number): void {
    if (!this.bodyParts || this.bodyBytes >= maxBodyBytes) return;
    const stop = Math.min(end, start + (maxBodyBytes - this.bodyBytes));
    this.bodyParts.push(Buffer.from(buf.subarray(start, stop)));
    this.bodyBytes += stop - start;
  }

  private parseBody(buf: Buffer, start: number, end: number): number {
    if (this.state === BODY_LENGTH) {
      const take = Math.min(this.remaining, end - start);
      this.keep(buf, start, start + take);
      this.remaining -= take;
      if (this.remaining > 0) return PARSE_NEED_MORE;
      this.state = DONE;
      return start + take;
    }
    if (this.state === BODY_UNTIL_CLOSE) {
      this.keep(buf, start, end);
      return PARSE_NEED_MORE;
    }
    if (this.state === BODY_CHUNKED) {
      const at = this.chunks.decode(buf, start, end, this.keepChunk);
      if (at >= 0) this.state = DONE;
      return at;
    }
    return start;
  }
}
