import type { PgSampleClient } from './pg-sample-client.js';
import type { Probe, ProbeValues } from './probe.js';

export interface PgStatActivityProbeOptions {
  /** The probes' shared PostgreSQL connection (direct, not through PgBouncer or Toxiproxy). */
  readonly client: PgSampleClient;
  /** The run's database. */
  readonly database: string;
  /** Series prefix; default `pg_activity`. */
  readonly name?: string;
}

/*
 * One pass over pg_stat_activity. Counts are over the client backends of the run's database,
 * the probe's own backend excluded; `server_connections` counts client backends of every
 * database, the probe included, because that is what max_connections (53300) is about.
 * pg_blocking_pids() takes the lock manager's locks, so it is only called for backends already
 * waiting on a heavyweight lock (CASE fixes the evaluation order).
 */
const sql = `
SELECT
  count(*) FILTER (WHERE mine AND state = 'active')::float8 AS active,
  count(*) FILTER (WHERE mine AND state IN ('idle in transaction', 'idle in transaction (aborted)'))::float8 AS idle_in_transaction,
  count(*) FILTER (WHERE mine AND wait_event_type = 'Lock')::float8 AS waiting_lock,
  count(*) FILTER (WHERE mine AND wait_event_type = 'LWLock')::float8 AS waiting_lwlock,
  count(*) FILTER (WHERE mine AND wait_event_type = 'Client' AND state <> 'idle')::float8 AS waiting_client,
  count(*) FILTER (WHERE mine AND CASE WHEN wait_event_type = 'Lock' THEN cardinality(pg_blocking_pids(pid)) > 0 ELSE false END)::float8 AS blocked,
  count(*) FILTER (WHERE mine)::float8 AS total,
  count(*)::float8 AS server_connections,
  coalesce(extract(epoch FROM max(now() - xact_start) FILTER (WHERE mine)), 0)::float8 AS longest_xact_seconds
FROM (
  SELECT *, datname = $1 AND pid <> pg_backend_pid() AS mine
  FROM pg_stat_activity
  WHERE backend_type = 'client backend'
) AS backends`;

const keys = [
  'active',
  'idle_in_transaction',
  'waiting_lock',
  'waiting_lwlock',
  'waiting_client',
  'blocked',
  'total',
  'server_connections',
  'longest_xact_seconds',
] as const;

/**
 * Backends of the run's database by state: `active`, `idle_in_transaction`, `waiting_lock`
 * (heavyweight lock waits: row locks, the deadlock precursor), `waiting_lwlock`, `waiting_client`
 * (inside a transaction or statement, waiting for the client: a slow or stalled service),
 * `blocked` (pids that pg_blocking_pids names a blocker for), `total`, `server_connections`
 * and `longest_xact_seconds`. All gauges, so no deltas.
 */
export function createPgStatActivityProbe(options: PgStatActivityProbeOptions): Probe {
  const release = options.client.retain();
  return {
    name: options.name ?? 'pg_activity',
    async sample(signal) {
      const rows = await options.client.query<Record<string, number>>(sql, [options.database], signal);
      const row = rows[0] ?? {};
      const values: ProbeValues = {};
      for (const key of keys) values[key] = typeof row[key] === 'number' ? row[key] : null;
      return values;
    },
    close: release,
  };
}
