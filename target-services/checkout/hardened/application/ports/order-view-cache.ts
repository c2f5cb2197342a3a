import type { OrderView } from '../../../contract/http-contract.js';

/**
 * Settled orders' views, kept for the order page. Best effort both ways: a read that fails or
 * is slow is a miss (null), and a write may be lost. Only settled views are put, and a settled
 * order never changes, so a hit is always right.
 */
export interface OrderViewCache {
  get(orderId: string): Promise<OrderView | null>;
  put(view: OrderView): void;
}
