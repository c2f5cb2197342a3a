import type { OrderView } from '../../contract/http-contract.js';
import { isSettled } from '../domain/order.js';
import { ApplicationError } from './application-error.js';
import type { CatalogStore } from './ports/catalog-store.js';
import type { OrderViewCache } from './ports/order-view-cache.js';

/**
 * `GET /orders/:id`, read through the cache: a miss (absent, slow or failed) reads the database,
 * the source of truth. Nothing is ever inferred from a miss: an order whose payment is still
 * unknown is shown as pending, never as failed.
 */
export async function getOrder(orderId: string, cache: OrderViewCache, store: CatalogStore): Promise<OrderView> {
  const cached = await cache.get(orderId);
  if (cached) return cached;
  const view = await store.findOrderView(orderId);
  if (!view) throw new ApplicationError('CHECKOUT_ORDER_NOT_FOUND', `no order has id ${orderId}`);
  if (isSettled(view.status)) cache.put(view);
  return view;
}
