import type { RunRecord, VariantRecord } from '../record/run-record.js';
import { fmtCount, metricOf } from './comparison.js';

/** The connection budget of one variant: who may open how many connections to whom. */
export interface ConnectionArithmetic {
  readonly instances: number;
  /** Largest pool any instance of the variant held (observed from its /metrics), when scraped. */
  readonly poolPerInstance: number | null;
  /** instances x pool: client connections the services can open to PgBouncer. */
  readonly clientConnections: number | null;
  /** PgBouncer's server connections per database/user pair (default_pool_size + reserve_pool_size). */
  readonly pgbouncerServerConnections: number | null;
  readonly maxConnections: number | null;
  /** Peak server connections PostgreSQL showed in pg_stat_activity. */
  readonly peakServerConnections: number | null;
  /** What follows from the numbers, in words. */
  readonly findings: readonly string[];
}

const setting = (record: RunRecord, key: string): number | null => {
  const raw = record.infra?.settings[key];
  const value = raw === undefined ? Number.NaN : Number.parseInt(raw, 10);
  return Number.isFinite(value) ? value : null;
};

const peakOf = (v: VariantRecord, column: string): number | null => {
  const values = (v.timeline.series[column] ?? []).filter((x): x is number => x !== null && Number.isFinite(x));
  return values.length === 0 ? null : Math.max(...values);
};

/**
 * instances x pool vs PgBouncer's default_pool_size vs PostgreSQL's max_connections: the numbers
 * behind pool exhaustion, PgBouncer queues and `53300 too many clients`.
 */
export function connectionArithmetic(record: RunRecord, v: VariantRecord): ConnectionArithmetic {
  const instances = record.scenario.instances;
  const poolPerInstance = peakOf(v, 'services.max.service_db_pool_total');
  const clientConnections = poolPerInstance === null ? null : instances * poolPerInstance;
  const poolSize = setting(record, 'pgbouncer.default_pool_size');
  const reserve = setting(record, 'pgbouncer.reserve_pool_size') ?? 0;
  const pgbouncerServerConnections = poolSize === null ? null : poolSize + reserve;
  const maxConnections = setting(record, 'postgres.max_connections');
  const peakServerConnections = peakOf(v, 'pg_activity.server_connections');
  const findings: string[] = [];
  if (clientConnections !== null && pgbouncerServerConnections !== null) {
    if (clientConnections > pgbouncerServerConnections) {
      const queued = metricOf(v, 'pgbouncer_cl_waiting', 'max');
      findings.push(
        `${fmtCount(clientConnections)} client connections share ${fmtCount(pgbouncerServerConnections)} server connections: up to ${fmtCount(
          clientConnections - pgbouncerServerConnections,
        )} clients can queue in PgBouncer${queued !== undefined ? ` (observed: up to ${fmtCount(queued)})` : ''}.`,
      );
    } else {
      findings.push(
        `${fmtCount(clientConnections)} client connections fit in PgBouncer's ${fmtCount(pgbouncerServerConnections)} server connections: no queue from pool sizes alone.`,
      );
    }
  }
  if (pgbouncerServerConnections !== null && maxConnections !== null) {
    findings.push(
      pgbouncerServerConnections > maxConnections
        ? `PgBouncer may open ${fmtCount(pgbouncerServerConnections)} server connections but PostgreSQL allows ${fmtCount(maxConnections)}: expect 53300 too many clients.`
        : `PgBouncer's ${fmtCount(pgbouncerServerConnections)} server connections stay within max_connections ${fmtCount(maxConnections)}.`,
    );
  }
  return { instances, poolPerInstance, clientConnections, pgbouncerServerConnections, maxConnections, peakServerConnections, findings };
}
