import pg from 'pg';

/** Shared PostgreSQL pool for the API and the consumer. */
export function createPool(connectionString: string): pg.Pool {
  return new pg.Pool({ connectionString, max: 10 });
}
