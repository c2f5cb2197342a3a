/**
 * The fake payment gateway's HTTP contract, shared by its server, the checkout services that
 * call it and the scenario (which reads the ledger as the ground truth for duplicate charges).
 *
 * Idempotency follows Stripe's rules: a request carrying an `Idempotency-Key` the gateway has
 * already processed gets the stored answer back (status and body, with `Idempotent-Replayed:
 * true`) and charges nothing; the same key with different parameters is refused; a request
 * without a key is a new charge every time.
 *
 * A client that lost an answer can also ask what became of a key without sending the charge
 * again (`GET /charges/by-idempotency-key/:key`): the stored charge, or 404 if the gateway never
 * processed a charge with that key. Like Stripe's retrieve calls it reads and never charges, and
 * it is not an entry of the ledger (the ledger records charge attempts only).
 */

export const paymentGatewayRoutes = {
  charges: '/charges',
  /** `GET`: the charge a key made, 404 `CHARGE_NOT_FOUND` if none (see `ChargeByKeyParams`). */
  chargeByKey: '/charges/by-idempotency-key/:key',
  ledger: '/ledger',
  ledgerReset: '/ledger/reset',
} as const;

/** Request header naming the operation; lower case as Node hands headers over. */
export const idempotencyKeyHeader = 'idempotency-key';
/** Response header set on an answer replayed from the idempotency store. */
export const replayedHeader = 'idempotent-replayed';

/** `POST /charges` body. */
export interface ChargeRequest {
  readonly orderId: string;
  readonly amountCents: number;
  readonly customerId: string;
  /** ISO 4217, lower case; only `usd` is accepted. */
  readonly currency?: string;
}

/** `POST /charges` 200: a charge that moved money (or the replay of one). */
export interface Charge {
  readonly id: string;
  readonly orderId: string;
  readonly amountCents: number;
  readonly customerId: string;
  readonly currency: string;
  readonly status: 'succeeded';
  /** ISO time the charge was made (a replay carries the original time). */
  readonly created: string;
}

/** Every non-2xx answer. */
export interface GatewayErrorBody {
  readonly error: string;
  /** `IDEMPOTENCY_KEY_REUSED` (400), `CHARGE_NOT_FOUND` (404), or Fastify's code for a malformed request. */
  readonly code?: string;
}

/**
 * What became of one `POST /charges` the gateway processed:
 * - `charged`: money moved (a new charge);
 * - `replayed`: a known key with the same parameters, answered from the store, nothing charged;
 * - `key-reused`: a known key with other parameters, refused (400), nothing charged.
 */
export type ChargeResult = 'charged' | 'replayed' | 'key-reused';

/** One charge attempt as the gateway recorded it. */
export interface LedgerEntry {
  /** 1, 2, 3 ... in the order the gateway processed the requests. */
  readonly seq: number;
  readonly at: string;
  readonly orderId: string;
  readonly amountCents: number;
  readonly customerId: string;
  readonly idempotencyKey: string | null;
  readonly result: ChargeResult;
  /** The charge this attempt made or replayed; null when refused. */
  readonly chargeId: string | null;
}

export interface LedgerTotals {
  /** Requests processed (every entry). */
  readonly attempts: number;
  /** New charges, and the money they moved. */
  readonly charges: number;
  readonly chargedCents: number;
  /** New charges made for requests that carried no idempotency key. */
  readonly unkeyedCharges: number;
  readonly replays: number;
  readonly keyReused: number;
}

/** `GET /ledger` answer: everything since start or the last `POST /ledger/reset`. */
export interface GatewayLedger {
  readonly totals: LedgerTotals;
  /** Every attempt in processing order; left out with `?entries=false`. */
  readonly entries?: readonly LedgerEntry[];
}

export const chargeRequestSchema = {
  type: 'object',
  required: ['orderId', 'amountCents', 'customerId'],
  additionalProperties: false,
  properties: {
    orderId: { type: 'string', minLength: 1, maxLength: 128 },
    amountCents: { type: 'integer', minimum: 1, maximum: 99_999_999 },
    customerId: { type: 'string', minLength: 1, maxLength: 128 },
    currency: { type: 'string', enum: ['usd'] },
  },
} as const;

/** The path of `GET /charges/by-idempotency-key/:key`. */
export function chargeByKeyPath(key: string): string {
  return `/charges/by-idempotency-key/${encodeURIComponent(key)}`;
}

/** The 404 code of a key no charge was made with. */
export const chargeNotFoundCode = 'CHARGE_NOT_FOUND';

export interface ChargeByKeyParams {
  readonly key: string;
}

export const chargeByKeyParamsSchema = {
  type: 'object',
  required: ['key'],
  properties: { key: { type: 'string', minLength: 1, maxLength: 255 } },
} as const;

export const chargeHeadersSchema = {
  type: 'object',
  properties: { [idempotencyKeyHeader]: { type: 'string', minLength: 1, maxLength: 255 } },
} as const;

export const chargeSchema = {
  type: 'object',
  required: ['id', 'orderId', 'amountCents', 'customerId', 'currency', 'status', 'created'],
  properties: {
    id: { type: 'string' },
    orderId: { type: 'string' },
    amountCents: { type: 'integer' },
    customerId: { type: 'string' },
    currency: { type: 'string' },
    status: { type: 'string' },
    created: { type: 'string' },
  },
} as const;

export const gatewayErrorSchema = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string' }, code: { type: 'string' } },
} as const;

const totalsSchema = {
  type: 'object',
  required: ['attempts', 'charges', 'chargedCents', 'unkeyedCharges', 'replays', 'keyReused'],
  properties: {
    attempts: { type: 'integer' },
    charges: { type: 'integer' },
    chargedCents: { type: 'integer' },
    unkeyedCharges: { type: 'integer' },
    replays: { type: 'integer' },
    keyReused: { type: 'integer' },
  },
} as const;

/** Serialisation schema of `GET /ledger`: thousands of entries stay cheap to render. */
export const ledgerSchema = {
  type: 'object',
  required: ['totals'],
  properties: {
    totals: totalsSchema,
    entries: {
      type: 'array',
      items: {
        type: 'object',
        required: ['seq', 'at', 'orderId', 'amountCents', 'customerId', 'idempotencyKey', 'result', 'chargeId'],
        properties: {
          seq: { type: 'integer' },
          at: { type: 'string' },
          orderId: { type: 'string' },
          amountCents: { type: 'integer' },
          customerId: { type: 'string' },
          idempotencyKey: { type: ['string', 'null'] },
          result: { type: 'string' },
          chargeId: { type: ['string', 'null'] },
        },
      },
    },
  },
} as const;

export const ledgerQuerySchema = {
  type: 'object',
  properties: { entries: { type: 'boolean' } },
} as const;
