/**
 * order-worker's HTTP contract, the same for both variants: the producer endpoint the scenario
 * sends orders to, plus `/healthz` and `/metrics` (target-services/README.md).
 */

export const orderWorkerRoutes = {
  /** Enqueues one order event: 202 `{ correlationId, orderId, messageId }`. */
  orders: '/orders',
  healthz: '/healthz',
  metrics: '/metrics',
} as const;

/**
 * Request header carrying the caller's correlation id; the producer makes one up when it is
 * absent. It then travels on the queue entry, in every log line and in the gateway call.
 */
export const correlationIdHeader = 'x-correlation-id';

/**
 * `POST /orders` body as a well-behaved producer sends it (see order-message.ts). The endpoint
 * checks only the envelope (a JSON object, `orderId` a string when present): the message schema
 * is the consumer's contract, and producers deploy on their own schedule.
 */
export interface PostOrderBody {
  readonly orderId?: string;
  readonly customerId: string;
  readonly amountCents: number;
  readonly items: readonly { readonly sku: string; readonly quantity: number }[];
  readonly type: 'OrderPlaced' | 'OrderCancelled';
  readonly sequence: number;
}

/** 202 of `POST /orders`: the message is on the queue. */
export interface PostOrderResponse {
  readonly correlationId: string;
  /** The body's orderId, or the one the producer assigned. */
  readonly orderId: string;
  /** The stream entry id. */
  readonly messageId: string;
}

/** Every non-2xx answer: `code` is stable (ORDER_WORKER_...) or Fastify's own for bad input. */
export interface ErrorBody {
  readonly error: string;
  readonly code?: string;
}

/** Fastify `schema.body`: the envelope only. */
export const postOrderEnvelopeSchema = {
  type: 'object',
  maxProperties: 32,
  properties: { orderId: { type: 'string', minLength: 1, maxLength: 128 } },
} as const;

export const correlationHeadersSchema = {
  type: 'object',
  properties: { [correlationIdHeader]: { type: 'string', minLength: 1, maxLength: 128 } },
} as const;

export const postOrderResponseSchema = {
  type: 'object',
  required: ['correlationId', 'orderId', 'messageId'],
  properties: { correlationId: { type: 'string' }, orderId: { type: 'string' }, messageId: { type: 'string' } },
} as const;

export const errorBodySchema = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string' }, code: { type: 'string' } },
} as const;
