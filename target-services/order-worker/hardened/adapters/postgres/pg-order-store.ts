import type pg from 'pg';
import type { ServiceMetrics } from '../../../../shared/service-metrics.js';
import { sqlstateOf } from '../../../../shared/sqlstate.js';
import type { OrderMessage } from '../../../contract/order-message.js';
import { ApplicationError } from '../../application/application-error.js';
import type { EventOutcome, OrderStore, ProcessingContext } from '../../application/ports/order-store.js';
import type { OrderSnapshot } from '../../domain/order-state.js';

// One round trip: the insert's row when it created the order, else the stored one. A row a
// concurrent insert committed after this statement's snapshot shows in neither: read it again.
const openSql = `
WITH opened AS (
  INSERT INTO order_states (order_id, customer_id, amount_cents, status, sequence, correlation_id)
  VALUES ($1, $2, $3, 'pending', $4, $5)
  ON CONFLICT (order_id) DO NOTHING
  RETURNING status, sequence
)
SELECT status, sequence FROM opened
UNION ALL
SELECT status, sequence FROM order_states WHERE order_id = $1`;

const stateSql = 'SELECT status, sequence FROM order_states WHERE order_id = $1';

/**
 * A conditional write, its history row and its processed row as one statement (one implicit
 * transaction, one round trip through PgBouncer): the history and the processed rows are written
 * only when the write changed the order.
 */
const recorded = (write: string, p: { eventType: string; status: string; sequence: string; correlationId: string; instance: string }) => `
WITH changed AS (${write}),
history AS (
  INSERT INTO order_status_history (order_id, event_type, status, sequence, correlation_id, instance_id)
  SELECT order_id, ${p.eventType}::text, '${p.status}', ${p.sequence}::int, ${p.correlationId}::text, ${p.instance}::text FROM changed
),
processed AS (
  INSERT INTO processed_messages (order_id, event_type, sequence, outcome, correlation_id)
  SELECT order_id, ${p.eventType}::text, ${p.sequence}::int, 'applied', ${p.correlationId}::text FROM changed
  ON CONFLICT (order_id, event_type) DO NOTHING
)
SELECT count(*)::int AS changed FROM changed`;

// Conditional: only a pending order, set pending by this event or an older one, becomes paid.
const paySql = recorded(
  `UPDATE order_states SET status = 'paid', sequence = $2, charge_id = $3, correlation_id = $4, updated_at = now()
  WHERE order_id = $1 AND status = 'pending' AND sequence <= $2
  RETURNING order_id`,
  { eventType: '$5', status: 'paid', sequence: '$2', correlationId: '$4', instance: '$6' },
);

// Conditional: a cancel replaces a state only when it is newer (or there is none yet: the cancel
// overtook its placement, and the tombstone makes the late placement superseded).
const cancelSql = recorded(
  `INSERT INTO order_states (order_id, customer_id, amount_cents, status, sequence, correlation_id)
  VALUES ($1, $2, $3, 'cancelled', $4, $5)
  ON CONFLICT (order_id) DO UPDATE
  SET status = 'cancelled', sequence = EXCLUDED.sequence, correlation_id = EXCLUDED.correlation_id, updated_at = now()
  WHERE order_states.sequence < EXCLUDED.sequence
  RETURNING order_id`,
  { eventType: '$6', status: 'cancelled', sequence: '$4', correlationId: '$5', instance: '$7' },
);

const processedSql = `
INSERT INTO processed_messages (order_id, event_type, sequence, outcome, correlation_id)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (order_id, event_type) DO NOTHING`;

/**
 * The order store on PostgreSQL. Each state change commits with its history row and its dedupe
 * row in one statement; a delivery costs two or three round trips and never holds a connection
 * across them (the pool is this instance's share of PgBouncer's, a few connections).
 */
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
    const opened = await this.#query<OrderSnapshot>(openSql, [
      event.orderId,
      event.customerId,
      event.amountCents,
      event.sequence,
      context.correlationId,
    ]);
    const row = opened.rows[0] ?? (await this.#query<OrderSnapshot>(stateSql, [event.orderId])).rows[0];
    if (!row) throw new ApplicationError('ORDER_WORKER_DB_FAILED', `order ${event.orderId} vanished after it was opened`);
    return row;
  }

  async completePayment(event: OrderMessage, chargeId: string, context: ProcessingContext): Promise<EventOutcome | 'already-paid'> {
    const params = [event.orderId, event.sequence, chargeId, context.correlationId, event.type, context.instanceId];
    if (await this.#changed(paySql, params)) return 'applied';
    // Not pending any more: another delivery of this very event paid it (nothing to record),
    // or a newer event set the state.
    const current = (await this.#query<OrderSnapshot>(stateSql, [event.orderId])).rows[0];
    if (current?.status === 'paid' && current.sequence === event.sequence) return 'already-paid';
    await this.recordSuperseded(event, context);
    return 'superseded';
  }

  async applyCancellation(event: OrderMessage, context: ProcessingContext): Promise<EventOutcome> {
    const params = [
      event.orderId,
      event.customerId,
      event.amountCents,
      event.sequence,
      context.correlationId,
      event.type,
      context.instanceId,
    ];
    if (await this.#changed(cancelSql, params)) return 'applied';
    await this.recordSuperseded(event, context);
    return 'superseded';
  }

  async recordSuperseded(event: OrderMessage, context: ProcessingContext): Promise<void> {
    await this.#query(processedSql, [event.orderId, event.type, event.sequence, 'superseded', context.correlationId]);
  }

  async #changed(sql: string, params: unknown[]): Promise<boolean> {
    const { rows } = await this.#query<{ changed: number }>(sql, params);
    return (rows[0]?.changed ?? 0) > 0;
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
