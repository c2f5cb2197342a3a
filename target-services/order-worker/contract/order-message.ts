/**
 * The order event as producers publish it (schema version 1) and its validation. The queue
 * carries whatever a producer sent; the consumer is the one that must refuse what it does not
 * understand, with a reason a human can act on (see queue-contract.ts for the DLQ reasons).
 */
import type { DeadLetterReason } from './queue-contract.js';

export const orderEventTypes = ['OrderPlaced', 'OrderCancelled'] as const;
export type OrderEventType = (typeof orderEventTypes)[number];

export interface OrderItem {
  readonly sku: string;
  readonly quantity: number;
}

/** One order event. `sequence` orders the events of one order: a cancel (2) follows its placement (1). */
export interface OrderMessage {
  readonly orderId: string;
  readonly customerId: string;
  readonly amountCents: number;
  readonly items: readonly OrderItem[];
  readonly type: OrderEventType;
  readonly sequence: number;
}

export type MessageValidation =
  | { readonly ok: true; readonly message: OrderMessage }
  | { readonly ok: false; readonly reason: DeadLetterReason; readonly detail: string };

const knownFields = new Set(['orderId', 'customerId', 'amountCents', 'items', 'type', 'sequence']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 128;
const isCount = (value: unknown, max: number): value is number =>
  Number.isInteger(value) && (value as number) >= 1 && (value as number) <= max;

function invalid(reason: DeadLetterReason, detail: string): MessageValidation {
  return { ok: false, reason, detail };
}

function validItems(value: unknown): value is OrderItem[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.length <= 100 &&
    value.every((item) => isObject(item) && isText(item.sku) && isCount(item.quantity, 1000))
  );
}

/**
 * Checks a message body against schema version 1. The first problem found is reported: the
 * event type first (a newer enum value says "upgrade the consumer"), then unknown fields (a
 * renamed field shows up here before it shows up as missing), then each field.
 */
export function validateOrderMessage(body: string): MessageValidation {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return invalid('invalid-json', 'the body is not JSON');
  }
  if (!isObject(parsed)) return invalid('invalid-json', 'the body is not a JSON object');
  const { type } = parsed;
  if (!orderEventTypes.includes(type as OrderEventType)) {
    return invalid('unknown-event-type', `type ${JSON.stringify(type)} is not one of ${orderEventTypes.join(', ')}`);
  }
  const unknown = Object.keys(parsed).filter((field) => !knownFields.has(field));
  if (unknown.length > 0) return invalid('unknown-field', `unknown field(s): ${unknown.join(', ')}`);
  if (!isText(parsed.orderId)) return invalid('invalid-field', 'orderId must be a string of 1..128 characters');
  if (!isText(parsed.customerId)) return invalid('invalid-field', 'customerId must be a string of 1..128 characters');
  if (!isCount(parsed.amountCents, 99_999_999)) return invalid('invalid-field', 'amountCents must be an integer in 1..99999999');
  if (!isCount(parsed.sequence, 1_000_000)) return invalid('invalid-field', 'sequence must be a positive integer');
  if (!validItems(parsed.items)) return invalid('invalid-field', 'items must be 1..100 of { sku, quantity 1..1000 }');
  return {
    ok: true,
    message: {
      orderId: parsed.orderId,
      customerId: parsed.customerId,
      amountCents: parsed.amountCents,
      items: parsed.items.map((item) => ({ sku: item.sku, quantity: item.quantity })),
      type: type as OrderEventType,
      sequence: parsed.sequence,
    },
  };
}

/** The status an event leaves its order in once applied. */
export const statusAfter: Readonly<Record<OrderEventType, 'paid' | 'cancelled'>> = {
  OrderPlaced: 'paid',
  OrderCancelled: 'cancelled',
};
