/*
 * Naive pool (source 002's list): a fixed 10 connections per instance, whatever the PgBouncer budget.
 * Interpreted: the queue stories do not say how the pool was sized; this is node-pg's default.
 */
import pg from 'pg';

/** Shared PostgreSQL pool for the API and the consumer. */
export function createPool(connectionString: string): pg.Pool {
  return new pg.Pool({ connectionString, max: 10 });
}
