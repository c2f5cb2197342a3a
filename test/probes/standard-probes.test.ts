import { describe, expect, it, onTestFinished } from 'vitest';
import { closeProbes, createStandardProbes, startProbes, warmUpProbes } from '../../harness/probes/index.js';
import { connectPg, startStack, waitUntil } from './support.js';

describe('standard probes', () => {
  it('sample PostgreSQL, PgBouncer and Redis together through the sampler over one PostgreSQL connection, and close cleanly', async () => {
    const { urls } = await startStack();
    const probes = createStandardProbes({ ...urls, database: 'stampede' });
    onTestFinished(() => closeProbes(probes));
    expect(probes.map((p) => p.name)).toEqual(['pg', 'pg_activity', 'pgbouncer', 'redis']);

    // Connections open before the clock starts, so the baseline tick is a sample, not a login.
    expect(await warmUpProbes(probes)).toEqual({});
    const startedAt = Date.now();
    const sampler = startProbes(probes, { startedAt, intervalMs: 250, timeoutMs: 200 });
    onTestFinished(() => sampler.stop().then(() => {}));
    await waitUntil(() => (sampler.latest()?.second ?? -1) >= 3, 3000, 'four recorded ticks');

    const observer = await connectPg(urls.postgresUrl);
    const probeBackends = async () =>
      (await observer.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'stampede-probe'"))
        .rows[0]?.n;
    expect(await probeBackends()).toBe(1);

    const timeline = await sampler.stop();
    expect(timeline.errors).toEqual({ pg: 0, pg_activity: 0, pgbouncer: 0, redis: 0 });
    for (const name of [
      'pg.deadlocks',
      'pg.deadlocks_delta',
      'pg_activity.waiting_lock',
      'pgbouncer.cl_waiting',
      'redis.connected_clients',
    ]) {
      const values = timeline.series[name] ?? [];
      expect(values.length, name).toBe(timeline.seconds.length);
      expect(
        values.every((v) => typeof v === 'number'),
        name,
      ).toBe(true);
    }
    expect(timeline.series['pg.numbackends']?.every((v) => (v ?? 0) >= 1)).toBe(true);

    await closeProbes(probes);
    const deadline = Date.now() + 5000;
    while ((await probeBackends()) !== 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await probeBackends()).toBe(0);
  });
});
