/** Result: more bytes are needed. */
export const PARSE_NEED_MORE = -1;
/** Result: the bytes are not valid HTTP/1.1. */
export const PARSE_ERROR = -2;

const SIZE = 0;
const EXTENSION = 1;
const SIZE_LF = 2;
const DATA = 3;
const DATA_CR = 4;
const DATA_LF = 5;
const TRAILER_START = 6;
const TRAILER_LINE = 7;
const FINAL_LF = 8;

function hexValue(byte: number): number {
  if (byte >= 48 && byte <= 57) return byte - 48;
  const lower = byte | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/**
 * Incremental `Transfer-Encoding: chunked` decoder: a byte-level state machine, so a chunk size
 * line, a CRLF or a trailer may be cut anywhere between two reads. Chunk extensions and trailers
 * are skipped. Data is passed to `keep` only by range: copying is the caller's choice.
 */
export class ChunkedDecoder {
  private state = SIZE;
  private remaining = 0;
  private digits = 0;

  reset(): void {
    this.state = SIZE;
    this.remaining = 0;
    this.digits = 0;
  }

  /** Returns the offset just past the body when it ended, PARSE_NEED_MORE, or PARSE_ERROR. */
  decode(buf: Buffer, start: number, end: number, keep: (buf: Buffer, start: number, end: number) => void): number {
    let at = start;
    while (at < end) {
      switch (this.state) {
        case SIZE: {
          const byte = buf[at++] as number;
          const v = hexValue(byte);
          if (v >= 0) {
            // 12 hex digits is 256 TiB: anything longer is not a chunk size we will ever meet.
            if (++this.digits > 12) return PARSE_ERROR;
            this.remaining = this.remaining * 16 + v;
          } else if (this.digits === 0) {
            return PARSE_ERROR;
          } else if (byte === 13) {
            this.state = SIZE_LF;
          } else if (byte === 10) {
            this.endSizeLine();
          } else if (byte === 59 || byte === 32 || byte === 9) {
            this.state = EXTENSION;
          } else {
            return PARSE_ERROR;
          }
          break;
        }
        case EXTENSION:
          if (buf[at++] === 10) this.endSizeLine();
          break;
        case SIZE_LF:
          if (buf[at++] !== 10) return PARSE_ERROR;
          this.endSizeLine();
          break;
        case DATA: {
          const take = Math.min(this.remaining, end - at);
          keep(buf, at, at + take);
          this.remaining -= take;
          at += take;
          if (this.remaining === 0) this.state = DATA_CR;
          break;
        }
        case DATA_CR: {
          const byte = buf[at++];
          if (byte === 13) this.state = DATA_LF;
          else if (byte === 10) this.reset();
          else return PARSE_ERROR;
          break;
        }
        case DATA_LF:
          if (buf[at++] !== 10) return PARSE_ERROR;
          this.reset();
          break;
        case TRAILER_START: {
          const byte = buf[at++];
          if (byte === 10) return at;
          this.state = byte === 13 ? FINAL_LF : TRAILER_LINE;
          break;
        }
        case TRAILER_LINE:
          if (buf[at++] === 10) this.state = TRAILER_START;
          break;
        case FINAL_LF:
          if (buf[at++] !== 10) return PARSE_ERROR;
          return at;
      }
    }
    return PARSE_NEED_MORE;
  }

  private endSizeLine(): void {
    this.state = this.remaining === 0 ? TRAILER_START : DATA;
  }
}
