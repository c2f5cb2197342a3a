import type pg from 'pg';
import { isAcquireTimeout } from '../../../../shared/pg-pool.js';
import type { ServiceMetrics } from '../../../../shared/service-metrics.js';
import { sqlstateOf } from '../../../../shared/sqlstate.js';
import type { TruckView } from '../../../contract/http-contract.js';
import { type TruckRow, truckViewColumns, truckViewOf } from '../../../contract/truck-row.js';
import { ApplicationError } from '../../application/application-error.js';
import type { TruckReader } from '../../application/ports/truck-reader.js';
import type { TruckRepository, WriteOutcome } from '../../application/ports/truck-repository.js';
import type { RouteAssignment } from '../../domain/route-assignment.js';
import type { Truck } from '../../domain/truck.js';
import { type RetryPolicy, withRetry } from './retry-policy.js';
import { inTransaction } from './transaction.js';

export interface PgTruckRepositorySettings {
  readonly statementTimeoutMs: number;
  readonly retry: RetryPolicy;
  readonly metrics: ServiceMetrics;
}

interface SnapshotRow {
  readonly id: number;
  readonly region: string;
  readonly lat: number;
  readonly lng: number;
  readonly hazmat: boolean;
  readonly version: number;
}

const snapshotColumns = 'id, region, lat, lng, hazmat, version';

// Locks the batch's rows in id order before touching them: two batches over the same rows then
// queue behind each other instead of each holding what the other needs.
const lockSql = 'SELECT id FROM trucks WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE';

// One statement for the whole batch; a row is written only at the version its route was computed
// for, and RETURNING says exactly which rows were written, as which version.
const updateSql = `
UPDATE trucks AS t
SET route_id = u.route_id, route = u.route::jsonb, eta_minutes = u.eta, version = t.version + 1, updated_at = now()
FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::int[]) AS u(id, expected, route_id, route, eta)
WHERE t.id = u.id AND t.version = u.expected
RETURNING t.id, t.version, t.route_id`;

function truckOf(row: SnapshotRow): Truck {
  return { id: row.id, region: row.region, location: { lat: row.lat, lng: row.lng }, hazmat: row.hazmat, version: row.version };
}

/** trucks in PostgreSQL, through PgBouncer: short transactions, bounded waits, bounded retries. */
export class PgTruckRepository implements TruckRepository, TruckReader {
  readonly #pool: pg.Pool;
  readonly #settings: PgTruckRepositorySettings;

  constructor(pool: pg.Pool, settings: PgTruckRepositorySettings) {
    this.#pool = pool;
    this.#settings = settings;
  }

  async findById(truckId: number): Promise<Truck | null> {
    const rows = await this.#run((client) => client.query<SnapshotRow>(`SELECT ${snapshotColumns} FROM trucks WHERE id = $1`, [truckId]));
    const row = rows.rows[0];
    return row ? truckOf(row) : null;
  }

  async findByRegion(region: string): Promise<Truck[]> {
    const rows = await this.#run((client) =>
      client.query<SnapshotRow>(`SELECT ${snapshotColumns} FROM trucks WHERE region = $1 ORDER BY id`, [region]),
    );
    return rows.rows.map(truckOf);
  }

  async findView(truckId: number): Promise<TruckView | null> {
    const rows = await this.#run((client) => client.query<TruckRow>(`SELECT ${truckViewColumns} FROM trucks WHERE id = $1`, [truckId]));
    const row = rows.rows[0];
    return row ? truckViewOf(row) : null;
  }

  async applyAssignments(batch: readonly RouteAssignment[]): Promise<WriteOutcome> {
    if (batch.length === 0) return { written: [], conflicted: [] };
    const ids = batch.map((a) => a.truckId);
    const result = await this.#run(async (client) => {
      await client.query(lockSql, [ids]);
      return client.query<{ id: number; version: number; route_id: string }>(updateSql, [
        ids,
        batch.map((a) => a.expectedVersion),
        batch.map((a) => a.routeId),
        batch.map((a) => JSON.stringify(a.segments)),
        batch.map((a) => a.etaMinutes),
      ]);
    });
    const written = result.rows.map((row) => ({ truckId: row.id, version: row.version, routeId: row.route_id }));
    const writtenIds = new Set(written.map((w) => w.truckId));
    return { written, conflicted: ids.filter((id) => !writtenIds.has(id)) };
  }

  /** One transaction with retries; every database error counted, failures translated for the use cases. */
  async #run<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const { statementTimeoutMs, retry, metrics } = this.#settings;
    try {
      return await withRetry(
        retry,
        () => inTransaction(this.#pool, statementTimeoutMs, work),
        (err) => {
          if (isAcquireTimeout(err)) metrics.poolTimeouts.inc();
          else metrics.countDbError(sqlstateOf(err));
        },
      );
    } catch (err) {
      if (isAcquireTimeout(err)) {
        throw new ApplicationError('ROUTE_OPTIMIZER_DB_BUSY', 'no database connection became free in time', { cause: err });
      }
      const sqlstate = sqlstateOf(err);
      const message = err instanceof Error ? err.message : String(err);
      throw new ApplicationError('ROUTE_OPTIMIZER_DB_FAILED', `database error${sqlstate ? ` ${sqlstate}` : ''}: ${message}`, {
        cause: err,
      });
    }
  }
}
