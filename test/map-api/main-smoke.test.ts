import { describe, expect, it } from 'vitest';
import { getText, postJson } from '../route-optimizer/helpers/http.js';
import { spawnService, terminate } from '../route-optimizer/helpers/service-process.js';

describe('map API main.js', () => {
  it('prints its listening line, routes, and exits 0 on SIGTERM', async () => {
    const service = await spawnService('dist/target-services/upstreams/map-api/main.js', { INSTANCE_ID: 'map-9' });
    expect(service.line).toEqual({
      event: 'listening',
      service: 'map-api',
      variant: 'fake',
      instance: 'map-9',
      port: expect.any(Number),
      pid: service.child.pid,
    });
    expect((await getText(`${service.baseUrl}/healthz`)).status).toBe(200);
    const routed = await postJson<{ routeId: string }>(`${service.baseUrl}/route`, {
      truckId: 1,
      from: { lat: 40.5, lng: -4.5 },
      to: { lat: 44, lng: 1 },
    });
    expect(routed.body.routeId).toBe('r-1-map-9');
    const { code, ms } = await terminate(service);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(3_000);
  });

  it('refuses a malformed PORT with exit 2 and a hint on stderr', async () => {
    const failed = spawnService('dist/target-services/upstreams/map-api/main.js', { PORT: 'eighty' });
    await expect(failed).rejects.toThrow(/exited with 2 before listening:\nerror SERVICE_CONFIG_INVALID: PORT must be an integer/);
  });
});
