import { closeSync, createReadStream, existsSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { StampedeError } from '../errors/stampede-error.js';

/**
 * Reads a k6 JSON output file (plain, or gzipped as `--out json=file.gz` writes it) in batches
 * of lines: one await per chunk of about a megabyte rather than one per line, which is what
 * lets the ingest merge several runners' files in time order at full speed. Memory is one
 * chunk per file, whatever the file's size.
 */
const chunkBytes = 1 << 20;

function isGzip(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** The time text of a Point line, without parsing the rest of it. */
export function timeOf(line: string): string | undefined {
  const at = line.indexOf('"time":"');
  return at === -1 ? undefined : line.slice(at + 8, line.indexOf('"', at + 8));
}

/** The time of a Point line in ms since the epoch (NaN when it has none). */
export function lineTime(line: string): number {
  const time = timeOf(line);
  return time === undefined ? Number.NaN : Date.parse(time);
}

export class LineReader {
  /** Lines read and not yet handed out. */
  batch: string[] = [];
  /** Time of the last timed line of `batch` (NaN when it has none). */
  batchEnd = Number.NaN;
  done = false;
  /** 1-based number of the last line handed out in a batch. */
  linesRead = 0;
  private readonly chunks: AsyncIterator<Buffer | string>;
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';

  constructor(readonly file: string) {
    if (!existsSync(file)) {
      throw new StampedeError('STAMPEDE_K6_BAD_OUTPUT', `no k6 output at ${file}`, {
        hint: 'pass the files k6 wrote with --out json=<file>',
      });
    }
    const raw = createReadStream(file, { highWaterMark: chunkBytes });
    const stream = isGzip(file) ? raw.pipe(createGunzip({ chunkSize: chunkBytes })) : raw;
    raw.on('error', (err) => stream.destroy(err));
    this.chunks = stream[Symbol.asyncIterator]();
  }

  /** Reads the next chunk's complete lines into `batch` (empty with `done` at the end). */
  async fill(): Promise<void> {
    const lines: string[] = [];
    while (lines.length === 0 && !this.done) {
      let next: IteratorResult<Buffer | string>;
      try {
        next = await this.chunks.next();
      } catch (cause) {
        throw new StampedeError('STAMPEDE_K6_BAD_OUTPUT', `cannot read ${this.file}: ${(cause as Error).message}`, {
          hint: 'a truncated .gz file cannot be read to its end; copy the runner output again',
          cause,
        });
      }
      const text = next.done ? this.decoder.end() : this.decoder.write(next.value as Buffer);
      const all = this.rest + text;
      const parts = all.split('\n');
      this.rest = next.done ? '' : (parts.pop() as string);
      for (const part of parts) if (part !== '') lines.push(part);
      if (next.done) this.done = true;
    }
    this.batch = lines;
    this.batchEnd = Number.NaN;
    for (let i = lines.length - 1; i >= 0 && Number.isNaN(this.batchEnd); i--) this.batchEnd = lineTime(lines[i] as string);
  }

  /** Hands out the batch (and counts its lines). */
  take(): string[] {
    const lines = this.batch;
    this.batch = [];
    this.linesRead += lines.length;
    return lines;
  }
}
