import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** What PostgreSQL itself logged about deadlocks during a variant (native provider only). */
export interface DeadlockEvidence {
  /** `ERROR:  deadlock detected` lines. */
  readonly reports: number;
  /** Their DETAIL lines, e.g. "Process 1245 waits for ShareLock on transaction 8892; blocked by process 1246. ..." */
  readonly samples: readonly string[];
}

/** Size of the log now: read from here after the variant. */
export function logOffset(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function readFrom(file: string, offset: number, limit = 64 * 1024 * 1024): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = Math.min(statSync(file).size - offset, limit);
    if (size <= 0) return '';
    const buffer = Buffer.alloc(size);
    readSync(fd, buffer, 0, size, offset);
    return buffer.toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Reads the deadlock reports PostgreSQL wrote since `offset`. The server's own words are the
 * evidence the incident write-up quotes ("waits for ShareLock on transaction").
 */
export function deadlockEvidence(file: string, offset: number, maxSamples = 5): DeadlockEvidence {
  const lines = readFrom(file, offset).split('\n');
  let reports = 0;
  const samples: string[] = [];
  lines.forEach((line, i) => {
    if (!/ERROR:\s+deadlock detected/.test(line)) return;
    reports++;
    const at = lines.findIndex((l, j) => j > i && j <= i + 3 && /DETAIL:/.test(l));
    if (at === -1 || samples.length >= maxSamples) return;
    // The DETAIL goes on over tab-indented lines: one per process in the cycle, then its query.
    const parts = [(lines[at] as string).replace(/^.*DETAIL:\s+/, '')];
    for (let j = at + 1; j < lines.length && (lines[j] as string).startsWith('\t'); j++) parts.push((lines[j] as string).trim());
    samples.push(parts.filter((p) => /waits for/.test(p)).join(' '));
  });
  return { reports, samples };
}
