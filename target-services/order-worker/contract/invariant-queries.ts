/**
 * SQL for the order-queue invariants, run against PostgreSQL directly after a run.
 */

/** Final state of the given orders ($1: text[] of order ids). */
export const finalOrdersSql = `
SELECT order_id AS "orderId", status, sequence
FROM order_states
WHERE order_id = ANY($1::text[])`;

/**
 * State writes that replaced a newer state with an older one: a history row whose sequence is
 * below that of an earlier row of the same order (OrderPlaced applied after OrderCancelled).
 */
export const staleOverwritesSql = `
SELECT h.order_id AS "orderId", h.event_type AS "eventType", h.status, h.sequence,
       prior.status AS "overwrittenStatus", prior.sequence AS "overwrittenSequence", h.instance_id AS "instance"
FROM order_status_history h
JOIN LATERAL (
  SELECT p.status, p.sequence FROM order_status_history p
  WHERE p.order_id = h.order_id AND p.id < h.id AND p.sequence > h.sequence
  ORDER BY p.id DESC LIMIT 1
) prior ON true
ORDER BY h.id`;

/** Final state of every order (the seed starts with none: every row is the load's). */
export const allFinalOrdersSql = `
SELECT order_id AS "orderId", status, sequence
FROM order_states`;

/** Correlation ids whose event was applied at least once (it wrote a history row). */
export const appliedCorrelationIdsSql = `
SELECT DISTINCT correlation_id AS "correlationId"
FROM order_status_history
WHERE correlation_id IS NOT NULL`;
