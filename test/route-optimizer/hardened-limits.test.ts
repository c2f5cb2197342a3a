import { describe, expect, it } from 'vitest';
import type { ErrorBody, ReassignRegionResponse } from '../../target-services/route-optimizer/contract/http-contract.js';
import { getText, metricValue, postJson } from './helpers/http.js';
import { startJitterRelay } from './helpers/jitter-relay.js';
import { directClient, hardenedApp, listen, seed, startMapApi, startStack } from './helpers/route-stack.js';

const destination = { lat: 44.5, lng: 1.5 };

describe('route-optimizer hardened: capacity limits', () => {
  it('sheds region jobs past its bulk limit with 429 and retry-after, and counts them', async () => {
    const urls = await startStack();
    await seed(urls, { trucks: 400, regions: 4, seed: 5 });
    const relay = await startJitterRelay({ target: await startMapApi(), maxDelayMs: 100 });
    const base = await listen(hardenedApp(urls, relay.url, { settings: { maxBulkInFlight: 1 } }));

    const answers = await Promise.all(
      ['region-01', 'region-02', 'region-03'].map((region) =>
        postJson<ReassignRegionResponse | ErrorBody>(`${base}/regions/${region}/reassign`, { destination }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 429, 429]);
    for (const shed of answers.filter((a) => a.status === 429)) {
      expect(shed.headers.get('retry-after')).toBe('1');
      expect(shed.body).toEqual({ error: expect.stringMatching(/over capacity/), code: 'ROUTE_OPTIMIZER_OVERLOADED' });
    }
    const metrics = (await getText(`${base}/metrics`)).text;
    expect(metricValue(metrics, 'service_shed_total')).toBe(2);
    expect(metricValue(metrics, 'service_http_requests_total{route="/regions/:region/reassign",status="429"}')).toBe(2);
    // Capacity is back once the job is done.
    expect((await postJson(`${base}/regions/region-04/reassign`, { destination })).status).toBe(200);
  });

  it('writes what it routed by the deadline and reports the rest as unrouted', async () => {
    const urls = await startStack();
    await seed(urls, { trucks: 400, regions: 4, seed: 5 });
    const relay = await startJitterRelay({ target: await startMapApi(), maxDelayMs: 400 });
    const base = await listen(hardenedApp(urls, relay.url, { settings: { requestDeadlineMs: 500 } }));
    const db = await directClient(urls);

    const started = Date.now();
    const answer = await postJson<ReassignRegionResponse>(`${base}/regions/region-01/reassign`, { destination });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(answer.status).toBe(200);
    const { assigned, unrouted = 0, conflicts = 0 } = answer.body;
    expect(assigned.length).toBeGreaterThan(0);
    expect(unrouted).toBeGreaterThan(0);
    expect(assigned.length + unrouted + conflicts).toBe(100);
    const written = await db.query<{ id: number }>("SELECT id FROM trucks WHERE region = 'region-01' AND version > 0 ORDER BY id");
    expect(written.rows.map((r) => r.id)).toEqual(assigned.map((a) => a.truckId).sort((a, b) => a - b));
  });

  it('gives up at the request deadline when nothing could be routed: 503, nothing written, map calls cancelled', async () => {
    const urls = await startStack();
    await seed(urls, { trucks: 400, regions: 4, seed: 5 });
    const relay = await startJitterRelay({ target: await startMapApi(), minDelayMs: 1_500, maxDelayMs: 2_000 });
    const base = await listen(hardenedApp(urls, relay.url, { settings: { requestDeadlineMs: 300 } }));
    const db = await directClient(urls);

    const started = Date.now();
    const answer = await postJson<ErrorBody>(`${base}/regions/region-01/reassign`, { destination });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe('ROUTE_OPTIMIZER_DEADLINE_EXCEEDED');
    expect(answer.headers.get('retry-after')).toBe('1');
    const written = await db.query<{ n: string }>("SELECT count(*) AS n FROM trucks WHERE region = 'region-01' AND version > 0");
    expect(Number(written.rows[0]?.n)).toBe(0);
    const metrics = (await getText(`${base}/metrics`)).text;
    expect(metricValue(metrics, 'service_upstream_in_flight{upstream="map-api"}')).toBe(0);
    // Only the first window of calls ever started (16 per request by default), not one per truck.
    expect(metricValue(metrics, 'service_upstream_calls_total{upstream="map-api"}')).toBe(16);
  });
});
