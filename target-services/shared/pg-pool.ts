import pg from 'pg';

export interface PoolSettings {
  readonly connectionString: string;
  /** This instance's share of the PgBouncer budget (`DB_POOL_MAX`). */
  readonly max: number;
  /** How long a caller may wait for a connection before giving up (then 503, or a retry). */
  readonly acquireTimeoutMs: number;
}

/**
 * The hardened services' pool: sized from the budget the harness hands each instance, not "as
 * large as helps": connections beyond PgBouncer's pool only move the queue into PgBouncer, where
 * nothing times out before `query_wait_timeout` ends the client.
 */
export function createPool(settings: PoolSettings): pg.Pool {
  return new pg.Pool({
    connectionString: settings.connectionString,
    max: settings.max,
    connectionTimeoutMillis: settings.acquireTimeoutMs,
    idleTimeoutMillis: 10_000,
  });
}

/** pg-pool's own messages for "no connection in time" (queued too long, or connecting too long). */
export function isAcquireTimeout(err: unknown): boolean {
  return err instanceof Error && /timeout exceeded when trying to connect|connection timeout/i.test(err.message);
}
