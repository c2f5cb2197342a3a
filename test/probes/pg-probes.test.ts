import { describe, expect, it, onTestFinished } from 'vitest';
import { PgSampleClient } from '../../harness/probes/pg-sample-client.js';
import { createPgStatActivityProbe } from '../../harness/probes/pg-stat-activity-probe.js';
import { createPgStatDatabaseProbe } from '../../harness/probes/pg-stat-database-probe.js';
import { startProbes } from '../../harness/probes/probe-sampler.js';
import { createProcessProbe } from '../../harness/probes/process-probe.js';
import { secondAt } from '../../harness/probes/tick-schedule.js';
import { connectPg, sampleOnce, sampleUntil, startStack, waitUntil } from './support.js';

const database = 'stampede';

async function seedRows(url: string): Promise<void> {
  const admin = await connectPg(url);
  await admin.query('CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)');
  await admin.query('INSERT INTO accounts VALUES (1, 100), (2, 100)');
  await admin.end();
}

/** How many backends of the database are connected, the probes' own included. */
async function backendsOf(url: string): Promise<number> {
  const client = await connectPg(url);
  const { rows } = await client.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'stampede-probe'",
    [database],
  );
  await client.end();
  return rows[0]?.n ?? -1;
}

describe('PostgreSQL probes', () => {
  it('see a real deadlock: deadlocks rises by one and deadlocks_delta shows 1 in the second it happened', async () => {
    const { urls } = await startStack();
    await seedRows(urls.postgresUrl);
    const shared = new PgSampleClient({ url: urls.postgresUrl, applicationName: 'stampede-probe', statementTimeoutMs: 700 });
    const probes = [createPgStatDatabaseProbe({ client: shared, database }), createPgStatActivityProbe({ client: shared, database })];
    onTestFinished(() => Promise.all(probes.map((p) => p.close())).then(() => {}));

    const startedAt = Date.now();
    const sampler = startProbes(probes, { startedAt });
    onTestFinished(() => sampler.stop().then(() => {}));
    await waitUntil(() => sampler.latest() !== null, 3000, 'the first recorded second');

    // Two transactions take the same two rows in opposite order.
    const a = await connectPg(urls.postgresUrl);
    const b = await connectPg(urls.postgresUrl);
    await a.query('BEGIN');
    await b.query('BEGIN');
    await a.query('UPDATE accounts SET balance = balance - 1 WHERE id = 1');
    await b.query('UPDATE accounts SET balance = balance - 1 WHERE id = 2');
    const outcomes = await Promise.allSettled([
      a.query('UPDATE accounts SET balance = balance + 1 WHERE id = 2'),
      b.query('UPDATE accounts SET balance = balance + 1 WHERE id = 1'),
    ]);
    const detectedAt = Date.now();
    const codes = outcomes.map((o) => (o.status === 'rejected' ? (o.reason as { code?: string }).code : 'ok'));
    expect(codes.sort()).toEqual(['40P01', 'ok']);
    await a.query('ROLLBACK');
    await b.query('ROLLBACK');
    // A backend flushes its statistics when it exits: ending both makes the counter visible now.
    await Promise.all([a.end(), b.end()]);
    const endedAt = Date.now();

    await waitUntil(() => (sampler.latest()?.values['pg.deadlocks'] ?? 0) >= 1, 12_000, 'pg.deadlocks to reach 1');
    const timeline = await sampler.stop();
    // The probes used exactly one PostgreSQL connection between them.
    expect(await backendsOf(urls.postgresUrl)).toBe(1);

    const deltas = timeline.series['pg.deadlocks_delta'] ?? [];
    const raw = timeline.series['pg.deadlocks'] ?? [];
    expect(raw[0]).toBe(0);
    expect(raw.at(-1)).toBe(1);
    expect(deltas.filter((d) => d !== null && d !== 0)).toEqual([1]);
    const second = timeline.seconds[deltas.indexOf(1)] ?? -1;
    // Counted in the second the deadlock was detected, or at the latest the one its backends exited in.
    expect(second).toBeGreaterThanOrEqual(secondAt({ startedAt, intervalMs: 1000 }, detectedAt));
    expect(second).toBeLessThanOrEqual(secondAt({ startedAt, intervalMs: 1000 }, endedAt) + 1);
    expect(timeline.errors).toEqual({ pg: 0, pg_activity: 0 });
    expect((timeline.series['pg.xact_rollback_delta'] ?? []).some((d) => (d ?? 0) >= 1)).toBe(true);
  });

  it('see a backend waiting on a row lock, who blocks it, the open transaction, and the postmaster with its children', async () => {
    const { urls, state } = await startStack();
    await seedRows(urls.postgresUrl);
    const shared = new PgSampleClient({ url: urls.postgresUrl, applicationName: 'stampede-probe', statementTimeoutMs: 700 });
    const activity = createPgStatActivityProbe({ client: shared, database });
    onTestFinished(() => activity.close());

    const idle = await sampleOnce(activity);
    expect(idle).toMatchObject({ active: 0, waiting_lock: 0, blocked: 0, idle_in_transaction: 0 });

    const holder = await connectPg(urls.postgresUrl);
    const waiter = await connectPg(urls.postgresUrl);
    await holder.query('BEGIN');
    await holder.query('SELECT * FROM accounts WHERE id = 1 FOR UPDATE');
    const blocked = waiter.query('UPDATE accounts SET balance = 0 WHERE id = 1');
    // The holder shows as waiting for its client once it has read its result: poll for both.
    const seen = await sampleUntil(activity, (v) => v.waiting_lock === 1 && (v.waiting_client ?? 0) >= 1);
    expect(seen).toMatchObject({ waiting_lock: 1, blocked: 1, idle_in_transaction: 1, active: 1 });
    expect(seen.total).toBeGreaterThanOrEqual(2);
    expect(seen.waiting_client).toBeGreaterThanOrEqual(1);
    expect(seen.server_connections).toBeGreaterThanOrEqual(3);
    expect(seen.longest_xact_seconds).toBeGreaterThan(0);
    await holder.query('ROLLBACK');
    await blocked;
    expect(await sampleOnce(activity)).toMatchObject({ waiting_lock: 0, blocked: 0 });

    const postmaster = state.components.postgres.process?.pid ?? -1;
    const processes = createProcessProbe({ pids: { postgres: { pid: postmaster, includeChildren: true } } });
    const values = await sampleOnce(processes);
    // Checkpointer, background writer, WAL writer, autovacuum launcher... and the 3 backends.
    expect(values['postgres.processes']).toBeGreaterThanOrEqual(6);
    expect(values['postgres.rss_bytes']).toBeGreaterThan(10 * 1024 * 1024);
    expect(values['postgres.up']).toBe(1);
  });

  it('never queues behind a frozen backend: refuses at once while it hangs, then reconnects after staleAfterMs', async () => {
    const { urls } = await startStack();
    await seedRows(urls.postgresUrl);
    const client = new PgSampleClient({
      url: urls.postgresUrl,
      applicationName: 'stampede-probe',
      statementTimeoutMs: 700,
      staleAfterMs: 1000,
    });
    const probe = createPgStatDatabaseProbe({ client, database });
    onTestFinished(() => probe.close());
    expect((await sampleOnce(probe)).deadlocks).toBe(0);

    const observer = await connectPg(urls.postgresUrl);
    const backendOf = async () =>
      (
        await observer.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE application_name = 'stampede-probe' AND state IS NOT NULL ORDER BY backend_start",
        )
      ).rows.map((r) => r.pid);
    const [frozen] = await backendOf();
    if (frozen === undefined) throw new Error('no probe backend found');
    process.kill(frozen, 'SIGSTOP');
    try {
      await expect(sampleOnce(probe, 300)).rejects.toThrow();
      const refusedAt = Date.now();
      await expect(sampleOnce(probe, 300)).rejects.toThrow(/busy/);
      expect(Date.now() - refusedAt).toBeLessThan(100);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      // Stale: the socket is dropped and a new backend answers.
      expect((await sampleOnce(probe, 2000)).deadlocks).toBe(0);
    } finally {
      process.kill(frozen, 'SIGCONT');
    }
    const deadline = Date.now() + 5000;
    let backends = await backendOf();
    while (backends.includes(frozen) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      backends = await backendOf();
    }
    expect(backends).toHaveLength(1);
    expect(backends).not.toContain(frozen);
  });
});
