/**
 * The order-worker tables, shared by both variants. `order_states.sequence` is the producer's per-order
 * event sequence the current state comes from; `order_status_history` is the append-only audit of
 * every state write (what support reads, and what shows an older event overwriting a newer one);
 * `processed_messages` is the hardened variant's dedupe ledger, one row per business event.
 * Named apart from checkout's `orders`: every scenario seeds the same database.
 */
export const orderWorkerSchemaSql = `
CREATE TABLE order_states (
  order_id text PRIMARY KEY,
  customer_id text NOT NULL,
  amount_cents integer NOT NULL,
  -- 'pending' (charge under way), 'paid', 'cancelled'
  status text NOT NULL,
  sequence integer NOT NULL,
  charge_id text,
  correlation_id text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE order_status_history (
  id bigserial PRIMARY KEY,
  order_id text NOT NULL,
  event_type text NOT NULL,
  status text NOT NULL,
  sequence integer NOT NULL,
  correlation_id text,
  instance_id text,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX order_status_history_order_idx ON order_status_history (order_id, id);
CREATE TABLE processed_messages (
  order_id text NOT NULL,
  event_type text NOT NULL,
  sequence integer NOT NULL,
  -- 'applied' or 'superseded' (a newer event had already set the state)
  outcome text NOT NULL,
  correlation_id text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (order_id, event_type)
);
`;

/** Drops what the schema creates, so that a seed always starts from nothing. */
export const orderWorkerDropSql = 'DROP TABLE IF EXISTS processed_messages, order_status_history, order_states';

/** Statuses an order row can hold. */
export type OrderStatus = 'pending' | 'paid' | 'cancelled';
