import { connect, type Socket } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startProbes } from '../../harness/probes/probe-sampler.js';
import { createRedisInfoProbe } from '../../harness/probes/redis-info-probe.js';
import { latenessProbe, sampleOnce, sampleUntil, startStack, waitUntil } from './support.js';

function openSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    onTestFinished(() => {
      socket.destroy();
    });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('Redis INFO probe', () => {
  it('reads the clients, memory and stats fields, and connected_clients rises with extra connections', async () => {
    const { urls } = await startStack();
    const probe = createRedisInfoProbe({ url: urls.redisUrl });
    onTestFinished(() => probe.close());

    const before = await sampleOnce(probe);
    expect(before.connected_clients).toBeGreaterThanOrEqual(1); // the probe itself
    expect(before.used_memory_bytes).toBeGreaterThan(0);
    expect(before).toMatchObject({ blocked_clients: 0, rejected_connections: 0, rejected_connections_delta: null });

    const extra = await Promise.all([1, 2, 3].map(() => openSocket(urls.redisUrl)));
    const during = await sampleUntil(probe, (v) => v.connected_clients === (before.connected_clients ?? 0) + 3);
    expect(during.total_commands_processed_delta).toBeGreaterThanOrEqual(1);
    for (const socket of extra) socket.destroy();
    await sampleUntil(probe, (v) => v.connected_clients === before.connected_clients);
  });

  it('records null while Redis is frozen or gone, recovers after SIGCONT, and the sampler keeps ticking on time', async () => {
    const { urls, state } = await startStack();
    const pid = state.components.redis.process?.pid ?? -1;
    const probe = createRedisInfoProbe({ url: urls.redisUrl });
    onTestFinished(() => probe.close());
    const startedAt = Date.now();
    const intervalMs = 400;
    const sampler = startProbes([probe, latenessProbe(startedAt, intervalMs)], { startedAt, intervalMs, timeoutMs: 300 });
    onTestFinished(() => sampler.stop().then(() => {}));
    const valueAt = () => sampler.latest()?.values['redis.connected_clients'];
    const secondNow = () => sampler.latest()?.second ?? -1;

    await waitUntil(() => typeof valueAt() === 'number', 2000, 'a first Redis value');
    process.kill(pid, 'SIGSTOP');
    try {
      const frozenFrom = secondNow();
      await waitUntil(() => secondNow() >= frozenFrom + 4 && valueAt() === undefined, 4000, 'nulls while Redis is frozen');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    // The abandoned INFO is answered after SIGCONT; the same connection is used again.
    await waitUntil(() => typeof valueAt() === 'number', 5000, 'values again after SIGCONT');
    process.kill(pid, 'SIGKILL');
    const goneFrom = secondNow();
    await waitUntil(() => secondNow() >= goneFrom + 3, 3000, 'three ticks with Redis gone');
    expect(valueAt()).toBeUndefined();
    const timeline = await sampler.stop();

    expect(timeline.missedTicks).toBe(0);
    expect(timeline.seconds).toEqual(timeline.seconds.map((_, i) => (timeline.seconds[0] ?? 0) + i));
    const lateness = (timeline.series['lateness.ms'] ?? []).filter((v): v is number => v !== null);
    expect(lateness.length).toBe(timeline.seconds.length);
    expect(Math.max(...lateness)).toBeLessThan(100);
    const values = timeline.series['redis.connected_clients'] ?? [];
    expect(values.filter((v) => v === null).length).toBeGreaterThanOrEqual(7);
    expect(timeline.errors.redis).toBeGreaterThanOrEqual(7);
    expect(timeline.lastErrors.redis).toMatch(/ECONNREFUSED|closed/);
  });
});
