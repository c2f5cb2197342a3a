import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { DeadlockEvidence } from '../record/run-record.js';

/**
 * What else the server log says that a service cannot fake, counted line by line: clients
 * refused past max_connections (source 002's RDS story), and lock waits longer than
 * deadlock_timeout (`log_lock_waits`, the migration story).
 */
const logSignatures = {
  pg_log_too_many_clients: /FATAL:\s+sorry, too many clients already/,
  pg_log_lock_waits: /LOG:\s+process \d+ still waiting for \w+Lock/,
} as const;

export type ServerLogCounts = Record<keyof typeof logSignatures, number>;

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

/** Counts each signature of `logSignatures` in what the server logged since `offset`. */
export function serverLogCounts(file: string, offset: number): ServerLogCounts {
  const counts = Object.fromEntries(Object.keys(logSignatures).map((k) => [k, 0])) as ServerLogCounts;
  for (const line of readFrom(file, offset).split('\n')) {
    for (const [name, pattern] of Object.entries(logSignatures)) if (pattern.test(line)) counts[name as keyof ServerLogCounts]++;
  }
  return counts;
}
