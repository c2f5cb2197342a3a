import { describe, expect, it, onTestFinished } from 'vitest';
import { serviceMetricNames } from '../../target-services/shared/service-metrics.js';
import { buildApp } from '../../target-services/upstreams/map-api/app.js';
import type { MapLedger, RouteResponse } from '../../target-services/upstreams/map-api/map-api-contract.js';
import { regionOrigin, tunnelsOfRegion } from '../../target-services/upstreams/map-api/world-map.js';

function mapApi(instanceId = 'map-1') {
  const app = buildApp({ instanceId, logLevel: 'silent' });
  onTestFinished(() => app.close());
  return app;
}

const origin = regionOrigin(1);
const body = (truckId: number, avoid?: string[]) => ({
  truckId,
  from: { lat: origin.lat + 0.3, lng: origin.lng + 0.6 },
  to: { lat: 44.2, lng: 1.1 },
  ...(avoid ? { avoid } : {}),
});

describe('map API over HTTP', () => {
  it('answers the same route for the same request, with a route id unique per call', async () => {
    const app = mapApi('map-7');
    const first = (await app.inject({ method: 'POST', url: '/route', payload: body(42) })).json<RouteResponse>();
    const second = (await app.inject({ method: 'POST', url: '/route', payload: body(42) })).json<RouteResponse>();
    expect(first.routeId).toBe('r-1-map-7');
    expect(second.routeId).toBe('r-2-map-7');
    expect({ ...second, routeId: '' }).toEqual({ ...first, routeId: '' });
  });

  it('counts calls, calls with an avoid list and in-flight in its ledger, and resets it', async () => {
    const app = mapApi();
    await Promise.all([1, 2, 3].map((id) => app.inject({ method: 'POST', url: '/route', payload: body(id) })));
    await app.inject({ method: 'POST', url: '/route', payload: body(4, tunnelsOfRegion(1)) });
    await app.inject({ method: 'POST', url: '/route', payload: body(5, []) });
    const ledger = (await app.inject({ method: 'GET', url: '/ledger' })).json<MapLedger>();
    expect(ledger).toMatchObject({ calls: 5, inFlight: 0, callsAvoidingTunnels: 1 });
    expect(ledger.maxInFlight).toBeGreaterThanOrEqual(1);
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/^service_http_requests_total\{route="\/route",status="200"\} 5$/m);
    expect(metrics).toMatch(/^service_http_in_flight 1$/m);
    const reset = await app.inject({ method: 'POST', url: '/ledger/reset' });
    expect(reset.json()).toMatchObject({ calls: 0, callsAvoidingTunnels: 0, inFlight: 0, maxInFlight: 0 });
  });

  it('refuses malformed requests with 400 and counts nothing', async () => {
    const app = mapApi();
    for (const payload of [{}, { truckId: 1, from: { lat: 1 }, to: { lat: 1, lng: 2 } }, { ...body(1), avoid: [{ id: 'tunnel-01-a' }] }]) {
      expect((await app.inject({ method: 'POST', url: '/route', payload })).statusCode).toBe(400);
    }
    expect((await app.inject({ method: 'GET', url: '/ledger' })).json<MapLedger>().calls).toBe(0);
  });

  it('serves /healthz and /metrics over a real socket, and counts connections', async () => {
    const app = mapApi();
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const routed = await Promise.all(
      [1, 2, 3, 4].map((id) =>
        fetch(`${base}/route`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body(id)) }),
      ),
    );
    expect(routed.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    await Promise.all(routed.map((r) => r.arrayBuffer()));
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();
    for (const name of serviceMetricNames) expect(text).toMatch(new RegExp(`^${name}[ {]`, 'm'));
    expect(text).toMatch(/^service_http_requests_total\{route="\/route",status="200"\} 4$/m);
    const ledger = (await (await fetch(`${base}/ledger`)).json()) as MapLedger;
    expect(ledger.calls).toBe(4);
    expect(ledger.maxOpenConnections).toBeGreaterThanOrEqual(1);
  });
});
