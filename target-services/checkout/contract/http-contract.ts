/**
 * checkout's HTTP contract: the same for the naive and the hardened variant, and what the
 * flash-sale scenario builds requests from and reads answers with.
 */

export const checkoutRoutes = {
  checkout: '/checkout',
  order: '/orders/:id',
  product: '/products/:sku',
  /** Admin: the merchandising back office changes a price. */
  productPrice: '/products/:sku/price',
  healthz: '/healthz',
  metrics: '/metrics',
} as const;

/** Concrete paths for a client. */
export const checkoutPaths = {
  checkout: '/checkout',
  order: (orderId: string) => `/orders/${encodeURIComponent(orderId)}`,
  product: (sku: string) => `/products/${encodeURIComponent(sku)}`,
  productPrice: (sku: string) => `/products/${encodeURIComponent(sku)}/price`,
} as const;

/**
 * Every `POST /checkout` answer carries the client's idempotency key back in this header (as
 * Stripe echoes `Idempotency-Key`), errors included: a client can tell which attempt an answer
 * belongs to without parsing the body.
 */
export const echoedKeyHeader = 'idempotency-key';
/** Set (to `true`) on an answer replayed from the idempotency store (hardened). */
export const replayedHeader = 'idempotent-replayed';

/** The expected "no more stock" outcome of a flash sale: 409 with this code. */
export const soldOutCode = 'SOLD_OUT';

export type OrderStatus = 'pending' | 'confirmed' | 'failed';

/** `POST /checkout` body. */
export interface CheckoutBody {
  readonly sku: string;
  readonly quantity: number;
  readonly customerId: string;
  /** One per checkout intent: a client re-sends the same key when it retries. */
  readonly idempotencyKey: string;
}

/**
 * `POST /checkout` 201 (confirmed or failed), 202 (pending: the charge's outcome is not known
 * yet), or the stored status of a replay. `chargedCents` is what the service believes it charged.
 */
export interface CheckoutResponse {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly chargedCents: number;
  readonly unitPriceCents: number;
  readonly priceVersion: number;
  readonly sku: string;
  readonly quantity: number;
}

/** `GET /orders/:id` 200. */
export interface OrderView {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly sku: string;
  readonly quantity: number;
  readonly customerId: string;
  readonly unitPriceCents: number;
  readonly amountCents: number;
  readonly createdAt: string;
}

/** `GET /products/:sku` 200. */
export interface ProductView {
  readonly sku: string;
  readonly name: string;
  readonly priceCents: number;
  readonly priceVersion: number;
  readonly stock: number;
}

/** `POST /products/:sku/price` body. */
export interface PriceChangeBody {
  readonly priceCents: number;
}

/** `POST /products/:sku/price` 200: the price now in force. */
export interface PriceChangeResponse {
  readonly sku: string;
  readonly priceCents: number;
  readonly priceVersion: number;
}

export interface OrderParams {
  readonly id: string;
}

export interface SkuParams {
  readonly sku: string;
}

/**
 * Every non-2xx answer. `code` is a stable service code (README.md lists them), or the SQLSTATE
 * when the database refused; `orderId` when an order exists for the failed request.
 */
export interface ErrorBody {
  readonly error: string;
  readonly code?: string;
  readonly orderId?: string;
  readonly sku?: string;
  readonly detail?: string;
}

const skuPattern = '^[A-Za-z0-9_-]{1,64}$';

/** Fastify `schema.body` of `POST /checkout` (bad input: 400). */
export const checkoutBodySchema = {
  type: 'object',
  required: ['sku', 'quantity', 'customerId', 'idempotencyKey'],
  properties: {
    sku: { type: 'string', pattern: skuPattern },
    quantity: { type: 'integer', minimum: 1, maximum: 100 },
    customerId: { type: 'string', minLength: 1, maxLength: 64 },
    idempotencyKey: { type: 'string', minLength: 8, maxLength: 128 },
  },
} as const;

export const orderParamsSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

export const skuParamsSchema = {
  type: 'object',
  required: ['sku'],
  properties: { sku: { type: 'string', pattern: skuPattern } },
} as const;

export const priceChangeBodySchema = {
  type: 'object',
  required: ['priceCents'],
  properties: { priceCents: { type: 'integer', minimum: 1, maximum: 99_999_999 } },
} as const;

const statusSchema = { type: 'string', enum: ['pending', 'confirmed', 'failed'] } as const;

/** Response schemas (Fastify serialises with them, which is also faster than JSON.stringify). */
export const checkoutResponseSchema = {
  type: 'object',
  required: ['orderId', 'status', 'chargedCents', 'unitPriceCents', 'priceVersion', 'sku', 'quantity'],
  properties: {
    orderId: { type: 'string' },
    status: statusSchema,
    chargedCents: { type: 'integer' },
    unitPriceCents: { type: 'integer' },
    priceVersion: { type: 'integer' },
    sku: { type: 'string' },
    quantity: { type: 'integer' },
  },
} as const;

export const orderViewSchema = {
  type: 'object',
  required: ['orderId', 'status', 'sku', 'quantity', 'customerId', 'unitPriceCents', 'amountCents', 'createdAt'],
  properties: {
    orderId: { type: 'string' },
    status: statusSchema,
    sku: { type: 'string' },
    quantity: { type: 'integer' },
    customerId: { type: 'string' },
    unitPriceCents: { type: 'integer' },
    amountCents: { type: 'integer' },
    createdAt: { type: 'string' },
  },
} as const;

export const productViewSchema = {
  type: 'object',
  required: ['sku', 'name', 'priceCents', 'priceVersion', 'stock'],
  properties: {
    sku: { type: 'string' },
    name: { type: 'string' },
    priceCents: { type: 'integer' },
    priceVersion: { type: 'integer' },
    stock: { type: 'integer' },
  },
} as const;

export const priceChangeResponseSchema = {
  type: 'object',
  required: ['sku', 'priceCents', 'priceVersion'],
  properties: { sku: { type: 'string' }, priceCents: { type: 'integer' }, priceVersion: { type: 'integer' } },
} as const;

export const errorBodySchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: { type: 'string' },
    code: { type: 'string' },
    orderId: { type: 'string' },
    sku: { type: 'string' },
    detail: { type: 'string' },
  },
} as const;
