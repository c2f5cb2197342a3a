import { withDeltas } from './counter-deltas.js';
import type { PgSampleClient } from './pg-sample-client.js';
import type { Probe, ProbeValues } from './probe.js';

export interface PgbouncerProbeOptions {
  /** A connection to the admin console (database `pgbouncer`), without statement_timeout. */
  readonly client: PgSampleClient;
  /** The run's database, as named in PgBouncer's [databases]. */
  readonly database: string;
  /** Series prefix; default `pgbouncer`. */
  readonly name?: string;
}

type Row = Record<string, unknown>;

/** The console sends int8 columns, which pg hands over as strings; read every column by name. */
function numberOf(row: Row, ...columns: string[]): number | null {
  for (const column of columns) {
    const raw = row[column];
    if (raw === undefined || raw === null || raw === '') continue;
    const value = Number(raw);
    if (Number.isFinite(value)) return value;
  }
  return null;
}

const poolSums = ['cl_active', 'cl_waiting', 'sv_active', 'sv_idle', 'sv_used', 'sv_login'] as const;

/**
 * `SHOW POOLS` summed over the database's pools (one per user). A database no client has used yet
 * has no pool row: its gauges are 0. `maxwait_seconds` is the oldest waiting client's wait
 * (maxwait + maxwait_us), the pool-exhaustion signature.
 */
export function poolValues(rows: readonly Row[], database: string): ProbeValues {
  const mine = rows.filter((row) => row.database === database);
  const values: ProbeValues = {};
  for (const key of poolSums) {
    const present = mine.map((row) => numberOf(row, key)).filter((v): v is number => v !== null);
    values[key] = mine.length === 0 ? 0 : present.length === 0 ? null : present.reduce((a, b) => a + b, 0);
  }
  const waits = mine.map((row) => (numberOf(row, 'maxwait') ?? 0) + (numberOf(row, 'maxwait_us') ?? 0) / 1e6);
  values.maxwait_seconds = waits.length === 0 ? 0 : Math.max(...waits);
  return values;
}

/**
 * `SHOW STATS` of the database. Column names changed across versions (1.18 says `total_wait_time`
 * in microseconds; later ones add `total_server_assignment_count`), so each value is looked up by
 * the names it has had; a missing one is null.
 */
export function statsValues(rows: readonly Row[], database: string): ProbeValues {
  const row = rows.find((r) => r.database === database);
  if (!row) throw new Error(`database ${database} not found in SHOW STATS`);
  return {
    total_xact_count: numberOf(row, 'total_xact_count'),
    total_query_count: numberOf(row, 'total_query_count'),
    total_wait_time_us: numberOf(row, 'total_wait_time_us', 'total_wait_time'),
    avg_wait_time_us: numberOf(row, 'avg_wait_time_us', 'avg_wait_time'),
  };
}

const counters = ['total_xact_count', 'total_query_count', 'total_wait_time_us'] as const;

/**
 * PgBouncer's admin console: pool gauges (`cl_waiting` > 0 means clients queue for a server
 * connection) and transaction/query/wait counters with their `_delta` series. Only simple-query
 * statements are sent: the console knows no other protocol, and pg uses it when a query has no
 * parameters.
 */
export function createPgbouncerProbe(options: PgbouncerProbeOptions): Probe {
  const release = options.client.retain();
  let last: ReadonlyMap<string, number> = new Map();
  return {
    name: options.name ?? 'pgbouncer',
    async sample(signal) {
      const pools = await options.client.query<Row>('SHOW POOLS', undefined, signal);
      const stats = await options.client.query<Row>('SHOW STATS', undefined, signal);
      const step = withDeltas({ ...poolValues(pools, options.database), ...statsValues(stats, options.database) }, counters, last);
      if (!signal.aborted) last = step.last;
      return step.values;
    },
    close: release,
  };
}
