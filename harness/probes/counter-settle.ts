import { sleep } from './abortable.js';
import { PgSampleClient } from './pg-sample-client.js';

export interface SettleOptions {
  /** PostgreSQL itself. */
  readonly postgresUrl: string;
  /** PgBouncer's admin console; absent when the stack has none. */
  readonly pgbouncerAdminUrl?: string;
  readonly database: string;
  /** Counters unchanged for this long count as settled (default 2000 ms). */
  readonly quietMs?: number;
  /** The bound (default 15,000 ms): past it the counts are taken as they are, and `settled` says so. */
  readonly maxMs?: number;
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
}

export interface SettleResult {
  readonly settleMs: number;
  readonly settled: boolean;
}

// Not xact_commit: the probes' own SELECTs (this one too) commit a transaction each and would keep it moving.
const pgCounters = `SELECT deadlocks::float8 AS a, xact_rollback::float8 AS b, conflicts::float8 AS c
                     FROM pg_stat_database WHERE datname = $1`;

/**
 * Waits until PostgreSQL's and PgBouncer's counters stop changing. PostgreSQL 15 backends publish
 * their statistics late (an idle one holds them up to 10 s): counts read the moment the load
 * stops miss deadlocks. So PgBouncer is first told to close its idle server connections
 * (RECONNECT: a backend flushes its statistics as it exits), then both are polled until quiet.
 */
export async function settleCounters(options: SettleOptions): Promise<SettleResult> {
  const started = Date.now();
  const quietMs = options.quietMs ?? 2000;
  const maxMs = options.maxMs ?? 15_000;
  const postgres = new PgSampleClient({ url: options.postgresUrl, applicationName: 'stampede-settle', statementTimeoutMs: 1000 });
  const admin = options.pgbouncerAdminUrl
    ? new PgSampleClient({ url: options.pgbouncerAdminUrl, applicationName: 'stampede-settle' })
    : null;
  const releases = [postgres.retain(), admin?.retain()];
  const read = async (): Promise<string> => {
    const signal = AbortSignal.timeout(2000);
    const rows = await postgres.query<Record<string, number>>(pgCounters, [options.database], signal);
    const stats = admin ? await admin.query<Record<string, unknown>>('SHOW STATS', undefined, signal) : [];
    const mine = stats.find((r) => r.database === options.database);
    return JSON.stringify([rows[0] ?? null, mine?.total_xact_count ?? null, mine?.total_query_count ?? null]);
  };
  try {
    await admin?.query(`RECONNECT ${options.database}`, undefined, AbortSignal.timeout(2000)).catch(() => undefined);
    let last = await read().catch(() => 'unread');
    let quietSince = Date.now();
    while (Date.now() - started < maxMs && !options.signal?.aborted) {
      await sleep(options.pollMs ?? 250);
      const now = await read().catch(() => 'unread');
      if (now !== last || now === 'unread') {
        last = now;
        quietSince = Date.now();
      } else if (Date.now() - quietSince >= quietMs) {
        return { settleMs: Date.now() - started, settled: true };
      }
    }
    return { settleMs: Date.now() - started, settled: false };
  } finally {
    for (const release of releases) await release?.();
  }
}
