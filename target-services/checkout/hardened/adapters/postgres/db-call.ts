import type pg from 'pg';
import { isAcquireTimeout } from '../../../../shared/pg-pool.js';
import type { ServiceMetrics } from '../../../../shared/service-metrics.js';
import { sqlstateOf } from '../../../../shared/sqlstate.js';
import { ApplicationError } from '../../application/application-error.js';
import { DomainError } from '../../domain/domain-error.js';

/** pg-pool's own messages for "no connection in time" (queued too long, or connecting too long). */
export interface DbCallSettings {
  readonly pool: pg.Pool;
  readonly statementTimeoutMs: number;
  readonly metrics: ServiceMetrics;
}

/** Counts a failure by SQLSTATE (or as a pool timeout) and says what it means to a use case. */
function translate(err: unknown, metrics: ServiceMetrics): ApplicationError {
  if (isAcquireTimeout(err)) {
    metrics.poolTimeouts.inc();
    return new ApplicationError('CHECKOUT_DB_BUSY', 'no database connection became free in time', { cause: err });
  }
  const sqlstate = sqlstateOf(err);
  metrics.countDbError(sqlstate);
  return new ApplicationError('CHECKOUT_DB_FAILED', `database error${sqlstate ? ` ${sqlstate}` : ''}: ${(err as Error).message}`, {
    cause: err,
  });
}

/**
 * One statement on its own (autocommit): the cheap path for single-row reads and writes, one
 * round trip. Errors are counted and translated as in a transaction.
 */
export async function inStatement<R extends pg.QueryResultRow>(
  settings: DbCallSettings,
  text: string,
  values: readonly unknown[],
): Promise<pg.QueryResult<R>> {
  try {
    return await settings.pool.query<R>(text, values as unknown[]);
  } catch (err) {
    throw translate(err, settings.metrics);
  }
}

/**
 * Runs `work` in one transaction with a statement timeout (`SET LOCAL`: PgBouncer in transaction
 * mode refuses startup parameters, and a session setting would leak to the next client). A
 * business rule that refuses inside the transaction rolls it back and reaches the caller as it is.
 */
export async function inTransaction<T>(settings: DbCallSettings, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const { pool, statementTimeoutMs, metrics } = settings;
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw translate(err, metrics);
  }
  let broken = false;
  try {
    await client.query(`BEGIN; SET LOCAL statement_timeout = ${Math.floor(statementTimeoutMs)}`);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // A connection that cannot even roll back is not handed to the next caller.
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    if (err instanceof DomainError || err instanceof ApplicationError) throw err;
    throw translate(err, metrics);
  } finally {
    client.release(broken);
  }
}
