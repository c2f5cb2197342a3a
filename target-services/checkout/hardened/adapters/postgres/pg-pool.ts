import pg from 'pg';

export interface PoolSettings {
  readonly connectionString: string;
  /** This instance's share of the PgBouncer budget (`DB_POOL_MAX`). */
  readonly max: number;
  /** How long a request may wait for a connection before it is answered 503. */
  readonly acquireTimeoutMs: number;
}

/**
 * Sized from the budget the harness hands each instance: connections beyond PgBouncer's pool only
 * move the queue into PgBouncer, where nothing times out before `query_wait_timeout`. The pool
 * is never held across a gateway call, so a slow gateway cannot drain it.
 */
export function createPool(settings: PoolSettings): pg.Pool {
  return new pg.Pool({
    connectionString: settings.connectionString,
    max: settings.max,
    connectionTimeoutMillis: settings.acquireTimeoutMs,
    idleTimeoutMillis: 10_000,
  });
}
