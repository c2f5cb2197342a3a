import type pg from 'pg';
import type { ServiceMetrics } from '../../../../shared/service-metrics.js';
import { sqlstateOf } from '../../../../shared/sqlstate.js';
import type { OrderMessage } from '../../../contract/order-message.js';
import type { OrderStatus } from '../../../contract/schema.js';
import { ApplicationError } from '../../application/application-error.js';
import type { EventOutcome, OrderStore, ProcessingContext } from '../../application/ports/order-store.js';
import type { OrderSnapshot } from '../../domain/order-state.js';

const openSql = `
INSERT INTO order_states (order_id, customer_id, amount_cents, status, sequence, correlation_id)
VALUES ($1, $2, $3, 'pending', $4, $5)
ON CONFLICT (order_id) DO NOTHING`;

// Conditional: only a pending order, set pending by this event or an older one, becomes paid.
const payUpdateSql = `
UPDATE order_states SET status = 'paid', sequence = $2, charge_id = $3, correlation_id = $4, updated_at = now()
WHERE order_id = $1 AND status = 'pending' AND sequence <= $2
RETURNING order_id`;

// Conditional: a cancel replaces the stored state only when it is newer (or there is none yet:
// the cancel overtook its placement, and the tombstone makes the late placement superseded).
const cancelUpsertSql = `
INSERT INTO order_states (order_id, customer_id, amount_cents, status, sequence, correlation_id)
VALUES ($1, $2, $3, 'cancelled', $4, $5)
ON CONFLICT (order_id) DO UPDATE
SET status = 'cancelled', sequence = EXCLUDED.sequence, correlation_id = EXCLUDED.correlation_id, updated_at = now()
WHERE order_states.sequence < EXCLUDED.sequence
RETURNING order_id`;

const historySql = `
INSERT INTO order_status_history (order_id, event_type, status, sequence, correlation_id, instance_id)
VALUES ($1, $2, $3, $4, $5, $6)`;

const processedSql = `
INSERT INTO processed_messages (order_id, event_type, sequence, outcome, correlation_id)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (order_id, event_type) DO NOTHING`;

/** The order store on PostgreSQL: each state change, its history row and its dedupe row commit together. */
export class PgOrderStore implements OrderStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly metrics: ServiceMetrics,
  ) {}

  async processedOutcome(orderId: string, eventType: string): Promise<EventOutcome | undefined> {
    const { rows } = await this.#query<{ outcome: EventOutcome }>(
      'SELECT outcome FROM processed_messages WHERE order_id = $1 AND event_type = $2',
      [orderId, eventType],
    );
    return rows[0]?.outcome;
  }

  async openOrder(event: OrderMessage, context: ProcessingContext): Promise<OrderSnapshot> {
    await this.#query(openSql, [event.orderId, event.customerId, event.amountCents, event.sequence, context.correlationId]);
    const { rows } = await this.#query<{ status: OrderStatus; sequence: number }>(
      'SELECT status, sequence FROM order_states WHERE order_id = $1',
      [event.orderId],
    );
    const row = rows[0];
    if (!row) throw new ApplicationError('ORDER_WORKER_DB_FAILED', `order ${event.orderId} vanished after it was opened`);
    return row;
  }

  completePayment(event: OrderMessage, chargeId: string, context: ProcessingContext): Promise<EventOutcome | 'already-paid'> {
    return this.#transition(event, context, 'paid', payUpdateSql, [event.orderId, event.sequence, chargeId, context.correlationId]);
  }

  async applyCancellation(event: OrderMessage, context: ProcessingContext): Promise<EventOutcome> {
    const outcome = await this.#transition(event, context, 'cancelled', cancelUpsertSql, [
      event.orderId,
      event.customerId,
      event.amountCents,
      event.sequence,
      context.correlationId,
    ]);
    return outcome === 'already-paid' ? 'superseded' : outcome;
  }

  async recordSuperseded(event: OrderMessage, context: ProcessingContext): Promise<void> {
    await this.#query(processedSql, [event.orderId, event.type, event.sequence, 'superseded', context.correlationId]);
  }

  /** The conditional write, its history row and the processed row, in one transaction. */
  async #transition(
    event: OrderMessage,
    context: ProcessingContext,
    status: OrderStatus,
    sql: string,
    params: unknown[],
  ): Promise<EventOutcome | 'already-paid'> {
    const client = await this.#connect();
    try {
      await client.query('BEGIN');
      const changed = await client.query(sql, params);
      const outcome: EventOutcome = changed.rowCount === 1 ? 'applied' : 'superseded';
      if (outcome === 'superseded' && status === 'paid') {
        const { rows } = await client.query<{ status: OrderStatus; sequence: number }>(
          'SELECT status, sequence FROM order_states WHERE order_id = $1',
          [event.orderId],
        );
        if (rows[0]?.status === 'paid' && rows[0].sequence === event.sequence) {
          await client.query('COMMIT');
          return 'already-paid';
        }
      }
      if (outcome === 'applied') {
        await client.query(historySql, [event.orderId, event.type, status, event.sequence, context.correlationId, context.instanceId]);
      }
      await client.query(processedSql, [event.orderId, event.type, event.sequence, outcome, context.correlationId]);
      await client.query('COMMIT');
      return outcome;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw this.#failed(err);
    } finally {
      client.release();
    }
  }

  async #connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (err) {
      throw this.#failed(err);
    }
  }

  async #query<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (err) {
      throw this.#failed(err);
    }
  }

  #failed(err: unknown): ApplicationError {
    if (err instanceof ApplicationError) return err;
    const sqlstate = sqlstateOf(err);
    this.metrics.countDbError(sqlstate);
    return new ApplicationError(
      'ORDER_WORKER_DB_FAILED',
      `${sqlstate ?? 'database'}: ${err instanceof Error ? err.message : String(err)}`,
      {
        cause: err,
      },
    );
  }
}
