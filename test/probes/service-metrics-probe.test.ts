import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { StampedeError } from '../../harness/errors/stampede-error.js';
import { startProbes } from '../../harness/probes/probe-sampler.js';
import { createServiceMetricsProbe } from '../../harness/probes/service-metrics-probe.js';
import { freePorts } from '../helpers/free-ports.js';
import { latenessProbe, sampleOnce, waitUntil } from './support.js';

interface FakeService {
  readonly url: string;
  deadlocks: number;
  inFlight: number;
  lag: number;
  scrapes: number;
}

/** A real HTTP server on port 0 exposing service metrics in the Prometheus text format. */
async function serveMetrics(): Promise<FakeService> {
  const service = { url: '', deadlocks: 0, inFlight: 0, lag: 0.001, scrapes: 0 };
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    service.scrapes += 1;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(
      [
        '# HELP service_http_in_flight Requests being served.',
        '# TYPE service_http_in_flight gauge',
        `service_http_in_flight ${service.inFlight}`,
        '# TYPE service_db_errors_total counter',
        `service_db_errors_total{sqlstate="40P01"} ${service.deadlocks}`,
        'service_db_errors_total{sqlstate="53300"} 0',
        '# TYPE service_event_loop_lag_p99_seconds gauge',
        `service_event_loop_lag_p99_seconds ${service.lag}`,
        '# TYPE service_request_seconds histogram',
        'service_request_seconds_bucket{le="0.1"} 1',
        'service_request_seconds_bucket{le="+Inf"} 2',
        'service_request_seconds_sum 0.3',
        'service_request_seconds_count 2',
        '',
      ].join('\n'),
    );
  });
  await listen(server);
  service.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return service;
}

async function listen(server: Server): Promise<void> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
}

/** Accepts connections and never answers: a service whose event loop is stuck. */
async function serveNothing(): Promise<string> {
  const server = createServer(() => {});
  await listen(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('service metrics probe', () => {
  it('names series <instance>.<metric>{labels}, adds deltas for counters, and sums and maxima across instances', async () => {
    const one = await serveMetrics();
    const two = await serveMetrics();
    const probe = createServiceMetricsProbe({
      targets: [
        { instance: 'naive-1', url: one.url },
        { instance: 'naive-2', url: two.url },
      ],
    });
    onTestFinished(() => probe.close());

    const first = await sampleOnce(probe);
    expect(first).toMatchObject({
      'naive-1.up': 1,
      'naive-1.service_http_in_flight': 0,
      'naive-1.service_db_errors_total{sqlstate="40P01"}': 0,
      'naive-1.service_db_errors_total_delta{sqlstate="40P01"}': null,
      'naive-1.service_request_seconds_sum': 0.3,
      'naive-1.service_request_seconds_count': 2,
      'all.up': 2,
    });
    expect(Object.keys(first).some((key) => key.includes('_bucket'))).toBe(false);

    one.deadlocks = 2;
    two.deadlocks = 3;
    one.inFlight = 4;
    two.inFlight = 1;
    two.lag = 0.25;
    const second = await sampleOnce(probe);
    expect(second).toMatchObject({
      'naive-1.service_db_errors_total_delta{sqlstate="40P01"}': 2,
      'naive-2.service_db_errors_total_delta{sqlstate="40P01"}': 3,
      'all.service_db_errors_total{sqlstate="40P01"}': 5,
      'all.service_db_errors_total_delta{sqlstate="40P01"}': 5,
      'all.service_db_errors_total_delta{sqlstate="53300"}': 0,
      'all.service_http_in_flight': 5,
      'max.service_http_in_flight': 4,
      'max.service_event_loop_lag_p99_seconds': 0.25,
    });
    // One persistent keep-alive connection per instance: not a connection per scrape.
    expect(one.scrapes).toBe(2);
  });

  it('marks an instance that is gone or hung as down without losing the others, within the scrape timeout', async () => {
    const alive = await serveMetrics();
    const [closedPort] = await freePorts(1);
    const hung = await serveNothing();
    const probe = createServiceMetricsProbe({
      scrapeTimeoutMs: 300,
      targets: [
        { instance: 'alive', url: alive.url },
        { instance: 'gone', url: `http://127.0.0.1:${closedPort}` },
        { instance: 'hung', url: hung },
      ],
    });
    onTestFinished(() => probe.close());
    const started = Date.now();
    const values = await sampleOnce(probe, 2000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(values).toMatchObject({ 'alive.up': 1, 'gone.up': 0, 'hung.up': 0, 'all.up': 1, 'all.service_http_in_flight': 0 });
    expect(Object.keys(values).filter((key) => key.startsWith('gone.') || key.startsWith('hung.'))).toEqual(['gone.up', 'hung.up']);
  });

  it('follows target changes mid-run: new instances appear, removed ones turn null, and the sum of deltas stays right', async () => {
    const one = await serveMetrics();
    const two = await serveMetrics();
    const probe = createServiceMetricsProbe({ targets: [{ instance: 'naive-1', url: one.url }] });
    onTestFinished(() => probe.close());
    const startedAt = Date.now();
    const intervalMs = 250;
    const sampler = startProbes([probe, latenessProbe(startedAt, intervalMs)], { startedAt, intervalMs, timeoutMs: 200 });
    onTestFinished(() => sampler.stop().then(() => {}));
    const at = (second: number) => waitUntil(() => (sampler.latest()?.second ?? -1) >= second, 3000, `second ${second}`);

    await at(1);
    one.deadlocks = 1;
    await at(3);
    // naive-2 has just started: its first scrape counts in full.
    two.deadlocks = 2;
    probe.setTargets([
      { instance: 'naive-1', url: one.url },
      { instance: 'naive-2', url: two.url, fresh: true },
    ]);
    await at(5);
    probe.setTargets([{ instance: 'naive-2', url: two.url }]);
    two.deadlocks = 3;
    await at(7);
    const timeline = await sampler.stop();

    const series = (name: string) => timeline.series[`services.${name}`] ?? [];
    const deltas = series('all.service_db_errors_total_delta{sqlstate="40P01"}');
    const total = deltas.reduce<number>((sum, d) => sum + (d ?? 0), 0);
    expect(total).toBe(1 + 2 + 1);
    const upOne = series('naive-1.up');
    const upTwo = series('naive-2.up');
    const lastOne = upOne.lastIndexOf(1);
    const firstTwo = upTwo.indexOf(1);
    expect(upOne.slice(0, lastOne + 1).every((v) => v === 1)).toBe(true);
    expect(upOne.slice(lastOne + 1).every((v) => v === null)).toBe(true);
    expect(upTwo.slice(0, firstTwo).every((v) => v === null)).toBe(true);
    expect(firstTwo).toBeGreaterThan(0);
    expect(lastOne).toBeGreaterThan(firstTwo);
    expect(timeline.missedTicks).toBe(0);
    const lateness = (timeline.series['lateness.ms'] ?? []).filter((v): v is number => v !== null);
    expect(Math.max(...lateness)).toBeLessThan(100);
  });

  it('refuses an instance name that would break the series naming, or a non-http URL', () => {
    const probe = createServiceMetricsProbe();
    const code = (fn: () => void) => {
      try {
        fn();
      } catch (err) {
        return (err as StampedeError).code;
      }
      return 'no error';
    };
    expect(code(() => probe.setTargets([{ instance: 'a.b', url: 'http://127.0.0.1:1' }]))).toBe('STAMPEDE_PROBE_BAD_CONFIG');
    expect(code(() => probe.setTargets([{ instance: 'all', url: 'http://127.0.0.1:1' }]))).toBe('STAMPEDE_PROBE_BAD_CONFIG');
    expect(code(() => probe.setTargets([{ instance: 'x', url: 'ftp://127.0.0.1:1' }]))).toBe('STAMPEDE_PROBE_BAD_CONFIG');
    expect(code(() => probe.setTargets([{ instance: 'x', url: 'not a url' }]))).toBe('STAMPEDE_PROBE_BAD_CONFIG');
    expect(probe.targets()).toEqual([]);
  });
});
