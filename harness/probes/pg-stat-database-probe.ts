import { withDeltas } from './counter-deltas.js';
import type { PgSampleClient } from './pg-sample-client.js';
import type { Probe, ProbeValues } from './probe.js';

export interface PgStatDatabaseProbeOptions {
  /** The probes' shared PostgreSQL connection (direct, not through PgBouncer or Toxiproxy). */
  readonly client: PgSampleClient;
  /** The run's database. */
  readonly database: string;
  /** Series prefix; default `pg`. */
  readonly name?: string;
}

const gauges = ['numbackends'] as const;
const counters = ['deadlocks', 'xact_commit', 'xact_rollback', 'conflicts', 'temp_files', 'temp_bytes', 'blks_read', 'blks_hit'] as const;
const columns = [...gauges, ...counters];

// bigint columns come back from pg as strings; float8 keeps them numbers (exact below 2^53).
const sql = `SELECT ${columns.map((c) => `${c}::float8 AS ${c}`).join(', ')} FROM pg_stat_database WHERE datname = $1`;

/**
 * `pg_stat_database` of the run's database: `numbackends` and the raw counters, with a
 * `<counter>_delta` series for each (`pg.deadlocks_delta` is the deadlock signature).
 *
 * PostgreSQL 15 backends flush their statistics at most once a second, and an idle backend may
 * hold them for up to 10 s; a backend flushes at exit too. A counter's delta can therefore land a
 * second or more after the event; sums over a run are exact.
 */
export function createPgStatDatabaseProbe(options: PgStatDatabaseProbeOptions): Probe {
  const release = options.client.retain();
  let last: ReadonlyMap<string, number> = new Map();
  return {
    name: options.name ?? 'pg',
    async sample(signal) {
      const rows = await options.client.query<Record<string, number>>(sql, [options.database], signal);
      const row = rows[0];
      if (!row) throw new Error(`database ${options.database} not found in pg_stat_database`);
      const values: ProbeValues = {};
      for (const column of columns) values[column] = typeof row[column] === 'number' ? row[column] : null;
      const step = withDeltas(values, counters, last);
      if (!signal.aborted) last = step.last;
      return step.values;
    },
    close: release,
  };
}
