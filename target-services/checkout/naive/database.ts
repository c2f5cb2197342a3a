import pg from 'pg';

/*
 * Naive: interpreted from source 002 (a flash sale whose tasks each held their own connections):
 * a fixed pool that ignores the PgBouncer budget.
 */

/**
 * Shared PostgreSQL pool. 20 connections: the checkout does a handful of small queries per
 * order, and the sale traffic needs them all.
 */
export function createPool(connectionString: string): pg.Pool {
  return new pg.Pool({ connectionString, max: 20 });
}
