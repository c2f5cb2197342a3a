import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PrometheusRegistry } from './prometheus-registry.js';

/** What a service knows about its database pool (pg.Pool exposes exactly these three). */
export interface PoolStats {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

/** Names every service's /metrics carries (the harness's service probe parses exactly these). */
export const serviceMetricNames = [
  'service_http_in_flight',
  'service_http_requests_total',
  'service_db_pool_total',
  'service_db_pool_idle',
  'service_db_pool_waiting',
  'service_event_loop_lag_p99_seconds',
  'service_db_errors_total',
  'service_upstream_calls_total',
  'service_upstream_in_flight',
  'service_shed_total',
  'service_db_pool_acquire_timeouts_total',
] as const;

/** SQLSTATE codes pre-registered at 0 so that the first scrape already shows the signature names. */
const watchedSqlstates = ['40P01', '40001', '53300', '08P01', '57014', 'unknown'] as const;

/**
 * The metrics every Stampede target service exposes on /metrics, with the exact names the
 * harness's service probe parses. Names are a contract: renaming one breaks the probe.
 */
export class ServiceMetrics {
  readonly registry = new PrometheusRegistry();
  readonly httpInFlight = this.registry.gauge('service_http_in_flight', 'HTTP requests being handled now.');
  readonly httpRequests = this.registry.counter('service_http_requests_total', 'HTTP responses sent, by route pattern and status.');
  readonly dbErrors = this.registry.counter('service_db_errors_total', 'Database errors seen by the service, by SQLSTATE.');
  readonly upstreamCalls = this.registry.counter('service_upstream_calls_total', 'Calls made to an upstream, by upstream.');
  readonly upstreamInFlight = this.registry.gauge('service_upstream_in_flight', 'Upstream calls awaiting an answer, by upstream.');
  readonly shed = this.registry.counter('service_shed_total', 'Requests refused with 429 because the service was at capacity.');
  readonly poolTimeouts = this.registry.counter(
    'service_db_pool_acquire_timeouts_total',
    'Requests that gave up waiting for a database connection from the pool.',
  );
  readonly #lag = monitorEventLoopDelay({ resolution: 10 });
  #pool: PoolStats | undefined;

  constructor(upstreams: readonly string[] = []) {
    this.registry.collectedGauge(
      'service_db_pool_total',
      'Connections the pool holds (pg.Pool totalCount).',
      () => this.#pool?.totalCount ?? 0,
    );
    this.registry.collectedGauge('service_db_pool_idle', 'Idle pooled connections (pg.Pool idleCount).', () => this.#pool?.idleCount ?? 0);
    this.registry.collectedGauge(
      'service_db_pool_waiting',
      'Callers queued for a pooled connection (pg.Pool waitingCount).',
      () => this.#pool?.waitingCount ?? 0,
    );
    // The histogram is reset at each scrape: the value is the p99 of the last scrape window, which
    // is what a 1 s probe wants (a cumulative p99 would hide a stall behind hours of quiet).
    this.registry.collectedGauge('service_event_loop_lag_p99_seconds', 'Event-loop delay p99 since the previous scrape.', () => {
      const p99 = this.#lag.count > 0 ? this.#lag.percentile(99) / 1e9 : 0;
      this.#lag.reset();
      return p99;
    });
    this.#lag.enable();
    for (const sqlstate of watchedSqlstates) this.registry.touch('service_db_errors_total', { sqlstate });
    for (const upstream of upstreams) {
      this.registry.touch('service_upstream_calls_total', { upstream });
      this.registry.touch('service_upstream_in_flight', { upstream });
    }
  }

  /** Reads pool gauges from this pool at every scrape. */
  watchPool(pool: PoolStats): void {
    this.#pool = pool;
  }

  /** Counts a database error under its SQLSTATE (`unknown` when the error carries none). */
  countDbError(sqlstate: string | undefined): void {
    this.dbErrors.inc({ sqlstate: sqlstate ?? 'unknown' });
  }

  /** Wraps one upstream call so that calls and in-flight are counted the same way everywhere. */
  async trackUpstream<T>(upstream: string, call: () => Promise<T>): Promise<T> {
    const labels = { upstream };
    this.upstreamCalls.inc(labels);
    this.upstreamInFlight.inc(labels);
    try {
      return await call();
    } finally {
      this.upstreamInFlight.dec(labels);
    }
  }

  render(): string {
    return this.registry.render();
  }

  close(): void {
    this.#lag.disable();
  }
}
