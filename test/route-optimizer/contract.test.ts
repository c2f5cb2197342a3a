import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { StackEndpoints } from '../../harness/infra/stack-types.js';
import type {
  AssignTruckResponse,
  ErrorBody,
  ReassignRegionResponse,
  TruckView,
} from '../../target-services/route-optimizer/contract/http-contract.js';
import { serviceMetricNames } from '../../target-services/shared/service-metrics.js';
import { getText, metricValue, postJson } from './helpers/http.js';
import { directClient, hardenedApp, listen, naiveApp, seed, startMapApi, startStack } from './helpers/route-stack.js';

const destination = { lat: 44.5, lng: 1.5 };

const variants: [string, (urls: StackEndpoints, mapApiUrl: string) => FastifyInstance][] = [
  ['naive', naiveApp],
  ['hardened', (urls, mapApiUrl) => hardenedApp(urls, mapApiUrl)],
];

describe.each(variants)('route-optimizer %s: the HTTP contract', (_variant, build) => {
  it('answers every route with the contract shapes, and the database agrees', async () => {
    const urls = await startStack();
    await seed(urls, { trucks: 400, regions: 20, seed: 3 });
    const app = build(urls, await startMapApi());
    const db = await directClient(urls);

    const bulk = await app.inject({ method: 'POST', url: '/regions/region-02/reassign', payload: { destination } });
    expect(bulk.statusCode).toBe(200);
    const reassigned = bulk.json<ReassignRegionResponse>();
    expect(reassigned.region).toBe('region-02');
    expect(reassigned.assigned).toHaveLength(20);
    const inRegion = await db.query<{ id: number }>('SELECT id FROM trucks WHERE region = $1 ORDER BY id', ['region-02']);
    expect(reassigned.assigned.map((a) => a.truckId).sort((a, b) => a - b)).toEqual(inRegion.rows.map((r) => r.id));
    for (const ack of reassigned.assigned)
      expect(ack).toEqual({ truckId: ack.truckId, version: 1, routeId: expect.stringMatching(/^r-\d+-/) });

    const single = await app.inject({ method: 'POST', url: '/trucks/2/route', payload: { destination } });
    expect(single.statusCode).toBe(200);
    const assigned = single.json<AssignTruckResponse>();
    expect(assigned).toEqual({
      truckId: 2,
      version: 2,
      routeId: expect.stringMatching(/^r-\d+-/),
      etaMinutes: expect.any(Number),
      hazmat: expect.any(Boolean),
    });

    const read = await app.inject({ method: 'GET', url: '/trucks/2' });
    expect(read.statusCode).toBe(200);
    const truck = read.json<TruckView>();
    expect(truck).toMatchObject({ id: 2, region: 'region-02', version: 2, routeId: assigned.routeId, etaMinutes: assigned.etaMinutes });
    expect(truck.hazmat).toBe(assigned.hazmat);
    expect(truck.route?.length).toBeGreaterThan(0);
    const driving = truck.route?.reduce((sum, s) => sum + s.minutes, 0) ?? 0;
    expect(assigned.etaMinutes).toBe(truck.hazmat ? driving + Math.floor(driving / 240) * 120 : driving);
    expect(new Date(truck.updatedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const missing = await app.inject({ method: 'GET', url: '/trucks/999999' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<ErrorBody>()).toEqual({ error: expect.any(String), code: expect.any(String) });

    const empty = await app.inject({ method: 'POST', url: '/regions/region-99/reassign', payload: { destination } });
    expect(empty.statusCode).toBe(200);
    expect(empty.json<ReassignRegionResponse>().assigned).toEqual([]);
  });

  it('refuses bad input with 400 and an error body, before touching anything', async () => {
    const urls = await startStack();
    const app = build(urls, await startMapApi());
    const bad: [string, string, object | undefined][] = [
      ['POST', '/trucks/1/route', {}],
      ['POST', '/trucks/1/route', { destination: { lat: 91, lng: 0 } }],
      ['POST', '/trucks/1/route', { destination: { lat: 'north', lng: 0 } }],
      ['POST', '/trucks/abc/route', { destination }],
      ['POST', '/trucks/0/route', { destination }],
      ['POST', '/regions/Region_01!/reassign', { destination }],
      ['POST', '/regions/region-01/reassign', { destination: { lng: 1 } }],
      ['GET', '/trucks/-4', undefined],
    ];
    for (const [method, url, payload] of bad) {
      const response = await app.inject({ method: method as 'GET' | 'POST', url, ...(payload === undefined ? {} : { payload }) });
      expect(response.statusCode, `${method} ${url}`).toBe(400);
      expect(response.json<ErrorBody>().error).toEqual(expect.any(String));
    }
    const notJson = await app.inject({
      method: 'POST',
      url: '/trucks/1/route',
      headers: { 'content-type': 'application/json' },
      payload: '{',
    });
    expect(notJson.statusCode).toBe(400);
  });

  it('serves /healthz and /metrics over a real socket, with every name the probe reads', async () => {
    const urls = await startStack();
    await seed(urls, { trucks: 100, regions: 5, seed: 3 });
    const base = await listen(build(urls, await startMapApi()));

    const health = await getText(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ status: 'ok' });
    expect((await postJson(`${base}/trucks/7/route`, { destination })).status).toBe(200);
    expect((await postJson(`${base}/regions/region-03/reassign`, { destination })).status).toBe(200);

    const metrics = await getText(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of serviceMetricNames) expect(metrics.text).toMatch(new RegExp(`^${name}[ {]`, 'm'));
    expect(metricValue(metrics.text, 'service_http_requests_total{route="/trucks/:id/route",status="200"}')).toBe(1);
    expect(metricValue(metrics.text, 'service_http_requests_total{route="/regions/:region/reassign",status="200"}')).toBe(1);
    expect(metricValue(metrics.text, 'service_upstream_calls_total{upstream="map-api"}')).toBe(21);
    expect(metricValue(metrics.text, 'service_upstream_in_flight{upstream="map-api"}')).toBe(0);
    expect(metricValue(metrics.text, 'service_db_errors_total{sqlstate="40P01"}')).toBe(0);
    expect(metricValue(metrics.text, 'service_db_pool_total')).toBeGreaterThan(0);
    expect(metricValue(metrics.text, 'service_event_loop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    // The in-flight gauge counts this very scrape.
    expect(metricValue(metrics.text, 'service_http_in_flight')).toBe(1);
  });
});
