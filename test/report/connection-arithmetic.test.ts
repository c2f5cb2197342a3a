import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../harness/record/run-record.js';
import { connectionArithmetic } from '../../harness/report/connection-arithmetic.js';
import { labelRuns } from '../../harness/report/report-files.js';
import { loadFixture } from './support.js';

describe('connection arithmetic', () => {
  it('multiplies instances by the pool each held and sets it against PgBouncer and PostgreSQL', () => {
    const record = loadFixture('both');
    const [naive, hardened] = record.variants;
    if (!naive || !hardened) throw new Error('fixture has two variants');
    expect(connectionArithmetic(record, naive)).toMatchObject({
      instances: 2,
      poolPerInstance: 20,
      clientConnections: 40,
      pgbouncerServerConnections: 10,
      maxConnections: 40,
      peakServerConnections: 11,
    });
    expect(connectionArithmetic(record, hardened).findings[0]).toBe(
      "10 client connections fit in PgBouncer's 10 server connections: no queue from pool sizes alone.",
    );
  });

  it('warns when PgBouncer may open more server connections than PostgreSQL allows, and copes with missing facts', () => {
    const record = loadFixture('both');
    const [naive] = record.variants;
    if (!naive) throw new Error('fixture has a naive variant');
    const tight: RunRecord = {
      ...record,
      infra: {
        provider: 'native',
        versions: {},
        settings: { 'pgbouncer.default_pool_size': '50', 'pgbouncer.reserve_pool_size': '5', 'postgres.max_connections': '40' },
      },
    };
    expect(connectionArithmetic(tight, naive).findings[1]).toBe(
      'PgBouncer may open 55 server connections but PostgreSQL allows 40: expect 53300 too many clients.',
    );
    const bare = connectionArithmetic({ ...record, infra: null }, { ...naive, timeline: { seconds: [], series: {} } });
    expect(bare).toMatchObject({ poolPerInstance: null, clientConnections: null, maxConnections: null, findings: [] });
  });
});

describe('run labels', () => {
  it('name columns after the run directory, numbered when two share a name', () => {
    const record = loadFixture('naive30s');
    const labels = labelRuns(
      [
        { label: undefined, file: 'reports/a/run.json' },
        { label: undefined, file: 'other/a/run.json' },
        { label: 'after', file: 'x/run.json' },
      ],
      [record, record, record],
    ).map((r) => r.label);
    expect(labels).toEqual(['a #1', 'a #2', 'after']);
  });
});
