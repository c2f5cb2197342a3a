import { PgSampleClient } from './pg-sample-client.js';
import { createPgStatActivityProbe } from './pg-stat-activity-probe.js';
import { createPgStatDatabaseProbe } from './pg-stat-database-probe.js';
import { createPgbouncerProbe } from './pgbouncer-probe.js';
import type { Probe } from './probe.js';
import { createRedisInfoProbe } from './redis-info-probe.js';

export { counterDelta, deltaName, withDeltas } from './counter-deltas.js';
export { PgSampleClient, type PgSampleClientOptions } from './pg-sample-client.js';
export { createPgStatActivityProbe, type PgStatActivityProbeOptions } from './pg-stat-activity-probe.js';
export { createPgStatDatabaseProbe, type PgStatDatabaseProbeOptions } from './pg-stat-database-probe.js';
export { createPgbouncerProbe, type PgbouncerProbeOptions } from './pgbouncer-probe.js';
export type { Probe, ProbeValues } from './probe.js';
export { type ProbeSampler, type ProbeSamplerOptions, type ProbeSnapshot, startProbes } from './probe-sampler.js';
export type { ProbeTimeline } from './probe-timeline.js';
export { createProcessProbe, type ProcessProbe, type ProcessProbeOptions, type WatchedProcess } from './process-probe.js';
export { type Exposition, kindOf, type MetricType, type PromSample, parsePrometheusText, seriesKey } from './prometheus-text.js';
export { createRedisInfoProbe, type RedisInfoProbeOptions } from './redis-info-probe.js';
export {
  createServiceMetricsProbe,
  type ServiceMetricsProbe,
  type ServiceMetricsProbeOptions,
  type ServiceTarget,
} from './service-metrics-probe.js';
export { secondAt, type TickClock, tickTime } from './tick-schedule.js';
export { warmUpProbes } from './warm-up.js';

export interface StandardProbeEndpoints {
  /** PostgreSQL itself (not PgBouncer, not Toxiproxy). */
  readonly postgresUrl: string;
  /** PgBouncer's admin console (database `pgbouncer`). */
  readonly pgbouncerAdminUrl: string;
  /** Redis itself (not its Toxiproxy listener). */
  readonly redisUrl: string;
  /** The run's database, in PostgreSQL and in PgBouncer's [databases]. */
  readonly database: string;
  /** Server-side statement_timeout of the PostgreSQL probes (default 700 ms). */
  readonly statementTimeoutMs?: number;
}

/**
 * The probes every run has: `pg` (pg_stat_database) and `pg_activity` (pg_stat_activity)
 * sharing one PostgreSQL connection, `pgbouncer` (admin console, no PostgreSQL connection) and
 * `redis` (INFO). Nothing connects until the first sample: call warmUpProbes before fixing the
 * run's clock. The service and process probes are
 * created by the runner as instances start (createServiceMetricsProbe, createProcessProbe).
 */
export function createStandardProbes(endpoints: StandardProbeEndpoints): Probe[] {
  const postgres = new PgSampleClient({
    url: endpoints.postgresUrl,
    applicationName: 'stampede-probe',
    statementTimeoutMs: endpoints.statementTimeoutMs ?? 700,
  });
  const admin = new PgSampleClient({ url: endpoints.pgbouncerAdminUrl, applicationName: 'stampede-probe' });
  return [
    createPgStatDatabaseProbe({ client: postgres, database: endpoints.database }),
    createPgStatActivityProbe({ client: postgres, database: endpoints.database }),
    createPgbouncerProbe({ client: admin, database: endpoints.database }),
    createRedisInfoProbe({ url: endpoints.redisUrl }),
  ];
}

/** Closes every probe in parallel; never rejects. */
export async function closeProbes(probes: readonly Probe[]): Promise<void> {
  await Promise.all(probes.map((probe) => probe.close().catch(() => {})));
}
export { type SettleOptions, type SettleResult, settleCounters } from './counter-settle.js';
