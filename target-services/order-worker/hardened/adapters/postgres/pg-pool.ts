import pg from 'pg';

export interface PoolSettings {
  readonly connectionString: string;
  /** This instance's share of the PgBouncer budget (`DB_POOL_MAX`). */
  readonly max: number;
  /** How long a handler waits for a connection before the delivery fails (and is retried). */
  readonly acquireTimeoutMs: number;
}

/** Sized from the budget the harness hands each instance: the worker never holds one across a gateway call. */
export function createPool(settings: PoolSettings): pg.Pool {
  return new pg.Pool({
    connectionString: settings.connectionString,
    max: settings.max,
    connectionTimeoutMillis: settings.acquireTimeoutMs,
    idleTimeoutMillis: 10_000,
  });
}
