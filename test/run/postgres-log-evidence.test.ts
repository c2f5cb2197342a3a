import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deadlockEvidence, logOffset } from '../../harness/run/postgres-log-evidence.js';
import { makeStateDir } from '../helpers/state-dir.js';

const report = (pid: number, other: number) =>
  [
    `2026-11-22 19:53:13.171 UTC [${pid}] ERROR:  deadlock detected`,
    `2026-11-22 19:53:13.171 UTC [${pid}] DETAIL:  Process ${pid} waits for ShareLock on transaction 3508; blocked by process ${other}.`,
    `\tProcess ${other} waits for ShareLock on transaction 3510; blocked by process ${pid}.`,
    `\tProcess ${pid}: UPDATE trucks SET version = $5 WHERE id = $1`,
    `2026-11-22 19:53:13.171 UTC [${pid}] HINT:  See server log for query details.`,
  ].join('\n');

describe('deadlock evidence from the PostgreSQL log', () => {
  it('counts only the reports written after the offset and keeps the whole cycle', () => {
    const file = join(makeStateDir(), 'postgres.log');
    writeFileSync(file, `${report(1, 2)}\n`);
    const offset = logOffset(file);
    appendFileSync(file, `LOG:  checkpoint starting\n${report(25012, 25015)}\n${report(3, 4)}\n`);
    const evidence = deadlockEvidence(file, offset);
    expect(evidence.reports).toBe(2);
    expect(evidence.samples[0]).toBe(
      'Process 25012 waits for ShareLock on transaction 3508; blocked by process 25015. Process 25015 waits for ShareLock on transaction 3510; blocked by process 25012.',
    );
  });

  it('is empty for a missing log', () => {
    expect(deadlockEvidence('/nonexistent/postgres.log', 0)).toEqual({ reports: 0, samples: [] });
  });
});
