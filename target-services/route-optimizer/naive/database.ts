import pg from 'pg';

/**
 * Shared PostgreSQL pool.
 *
 * We bumped max from 10 to 20 after seeing "timeout exceeded when trying to connect" during the
 * October load test: more connections, more throughput.
 */
export function createPool(connectionString: string): pg.Pool {
  return new pg.Pool({ connectionString, max: 20 });
}
