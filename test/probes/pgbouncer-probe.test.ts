import type pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PgSampleClient } from '../../harness/probes/pg-sample-client.js';
import { createPgbouncerProbe } from '../../harness/probes/pgbouncer-probe.js';
import { connectPg, sampleOnce, sampleUntil, startStack } from './support.js';

const database = 'stampede';
const defaultPoolSize = 10;

describe('PgBouncer probe', () => {
  it('sees clients queue (cl_waiting, maxwait) while every server connection of the pool is held', async () => {
    const { urls } = await startStack();
    const admin = new PgSampleClient({ url: urls.pgbouncerAdminUrl });
    const probe = createPgbouncerProbe({ client: admin, database });
    onTestFinished(() => probe.close());

    const before = await sampleOnce(probe);
    expect(before).toMatchObject({ cl_waiting: 0, maxwait_seconds: 0 });
    expect(before.total_xact_count).toEqual(expect.any(Number));
    expect(before.total_xact_count_delta).toBeNull(); // no baseline yet

    // Transaction pooling: an open transaction keeps its server connection until it ends.
    const holders: pg.Client[] = [];
    for (let i = 0; i < defaultPoolSize; i += 1) {
      const client = await connectPg(urls.pgbouncerUrl);
      await client.query('BEGIN');
      await client.query('SELECT pg_sleep(0.01)');
      holders.push(client);
    }
    const eleventh = await connectPg(urls.pgbouncerUrl);
    const queued = eleventh.query('SELECT 1 AS one');

    const waiting = await sampleUntil(probe, (v) => (v.cl_waiting ?? 0) >= 1 && (v.maxwait_seconds ?? 0) > 0);
    expect(waiting).toMatchObject({ cl_waiting: 1, cl_active: defaultPoolSize, sv_active: defaultPoolSize });
    expect(waiting.maxwait_seconds).toBeLessThan(5);

    await Promise.all(holders.map((client) => client.query('COMMIT')));
    expect((await queued).rows).toEqual([{ one: 1 }]);
    const after = await sampleUntil(probe, (v) => v.cl_waiting === 0 && v.sv_active === 0);
    // 10 BEGINs, 10 sleeps, 10 COMMITs and the queued SELECT; the queue wait shows in wait time.
    expect((after.total_query_count ?? 0) - (before.total_query_count ?? 0)).toBeGreaterThanOrEqual(31);
    expect(after.total_wait_time_us).toBeGreaterThan(before.total_wait_time_us ?? 0);
    expect(after.total_xact_count).toBeGreaterThan(before.total_xact_count ?? 0);
  });
});
