import { describe, expect, it } from 'vitest';
import { getText, postJson } from './helpers/http.js';
import { startJitterRelay } from './helpers/jitter-relay.js';
import { seed, startMapApi, startStack } from './helpers/route-stack.js';
import { spawnService, terminate } from './helpers/service-process.js';

const entry = (variant: string) => `dist/target-services/route-optimizer/${variant}/main.js`;
const destination = { lat: 44.5, lng: 1.5 };

describe.each(['naive', 'hardened'])('route-optimizer %s: main.js under the process contract', (variant) => {
  it('prints its listening line, serves, and exits 0 on SIGTERM', async () => {
    const urls = await startStack();
    await seed(urls, { trucks: 100, regions: 5, seed: 9 });
    const service = await spawnService(entry(variant), {
      DATABASE_URL: urls.pgbouncerUrl,
      REDIS_URL: urls.redisUrl,
      MAP_API_URL: await startMapApi(),
      INSTANCE_ID: `${variant}-3`,
      DB_POOL_MAX: '3',
      REQUEST_DEADLINE_MS: '5000',
    });
    expect(service.line).toEqual({
      event: 'listening',
      service: 'route-optimizer',
      variant,
      instance: `${variant}-3`,
      port: expect.any(Number),
      pid: service.child.pid,
    });
    const health = await getText(`${service.baseUrl}/healthz`);
    expect([health.status, JSON.parse(health.text)]).toEqual([200, { status: 'ok' }]);
    expect((await postJson(`${service.baseUrl}/trucks/3/route`, { destination })).status).toBe(200);
    expect((await getText(`${service.baseUrl}/trucks/3`)).status).toBe(200);

    const { code, ms } = await terminate(service);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(3_000);
    // Terse: no line per request on stderr.
    expect(service.stderr()).not.toMatch(/trucks\/3/);
  });

  it('exits 0 within 3 s of SIGTERM with a region job stuck on a slow map', async () => {
    const urls = await startStack();
    await seed(urls, { trucks: 100, regions: 5, seed: 9 });
    const relay = await startJitterRelay({ target: await startMapApi(), minDelayMs: 10_000, maxDelayMs: 10_001 });
    const service = await spawnService(entry(variant), {
      DATABASE_URL: urls.pgbouncerUrl,
      REDIS_URL: urls.redisUrl,
      MAP_API_URL: relay.url,
      REQUEST_DEADLINE_MS: '30000',
    });
    const stuck = postJson(`${service.baseUrl}/regions/region-01/reassign`, { destination }, 8_000).catch((err: unknown) => err);
    for (let i = 0; i < 100 && relay.maxInFlight() === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(relay.maxInFlight()).toBeGreaterThan(0);

    const { code, ms } = await terminate(service);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(3_000);
    const answer = await stuck;
    if (variant === 'hardened') {
      // The shutdown signal reaches the map calls: the job is answered at once, nothing written.
      expect(ms).toBeLessThan(1_000);
      expect(answer).toMatchObject({ status: 503, body: { code: 'ROUTE_OPTIMIZER_CANCELLED' } });
    } else {
      // Nothing to cancel with: the job holds the process until the drain limit cuts its socket.
      expect(answer).toBeInstanceOf(Error);
    }
  });
});
