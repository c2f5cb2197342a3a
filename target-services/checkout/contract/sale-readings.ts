import type pg from 'pg';
import type { GatewayLedger, LedgerEntry } from '../../upstreams/payment-gateway/gateway-contract.js';
import { ordersWithPriceInForceSql, pendingOrdersSql, stockBySkuSql } from './invariant-queries.js';
import type { OrderFact, StockFact } from './sale-findings.js';

/** What the readings need: a query on PostgreSQL itself, and the gateway's direct URL. */
export interface SaleSources {
  readonly db: Pick<pg.Pool, 'query'>;
  readonly upstreams: Readonly<Record<string, string>>;
}

/**
 * The ground truth of a sale, each source read once after the drain (by whichever of `work()`
 * and the invariants asks first), so that they all judge the same rows and the same ledger.
 */
export class SaleReadings {
  #ledger: Promise<LedgerEntry[]> | undefined;
  #orders: Promise<OrderFact[]> | undefined;
  #stock: Promise<StockFact[]> | undefined;

  ledger(sources: SaleSources): Promise<LedgerEntry[]> {
    this.#ledger ??= readLedger(sources.upstreams['payment-gateway']);
    return this.#ledger;
  }

  orders(sources: SaleSources): Promise<OrderFact[]> {
    this.#orders ??= sources.db.query<OrderFact>(ordersWithPriceInForceSql).then((r) => r.rows);
    return this.#orders;
  }

  stock(sources: SaleSources): Promise<StockFact[]> {
    this.#stock ??= sources.db.query<StockFact>(stockBySkuSql).then((r) => r.rows);
    return this.#stock;
  }
}

/** Orders still pending right now (not cached: the drain polls it). */
export async function pendingOrders(sources: SaleSources): Promise<number> {
  const { rows } = await sources.db.query<{ pending: number }>(pendingOrdersSql);
  return rows[0]?.pending ?? 0;
}

async function readLedger(base: string | undefined): Promise<LedgerEntry[]> {
  if (!base) throw new Error('the payment gateway URL is missing from the scenario context');
  const response = await fetch(`${base}/ledger`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${base}/ledger answered ${response.status}`);
  return [...(((await response.json()) as GatewayLedger).entries ?? [])];
}
