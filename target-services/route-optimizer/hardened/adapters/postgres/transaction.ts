import type pg from 'pg';

/**
 * Runs `work` in a transaction with a statement timeout. `SET LOCAL` rather than a connection
 * parameter: PgBouncer in transaction mode refuses unknown startup parameters, and a session
 * setting would leak to whoever gets the server connection next.
 */
export async function inTransaction<T>(pool: pg.Pool, statementTimeoutMs: number, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query(`BEGIN; SET LOCAL statement_timeout = ${Math.floor(statementTimeoutMs)}`);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // A connection that cannot even roll back is not given to the next caller.
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw err;
  } finally {
    client.release(broken);
  }
}
