import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { LoadShedder } from '../../shared/load-shedder.js';
import { instrumentService, type LogLevel, serviceServerOptions } from '../../shared/service-http.js';
import { ServiceMetrics } from '../../shared/service-metrics.js';
import { startReconcileLoop } from './adapters/background/reconcile-loop.js';
import { HttpPaymentGateway } from './adapters/gateway/http-payment-gateway.js';
import { registerRoutes } from './adapters/http/routes.js';
import { PgCatalogStore } from './adapters/postgres/pg-catalog-store.js';
import { PgCheckoutStore } from './adapters/postgres/pg-checkout-store.js';
import { RedisOrderViewCache } from './adapters/redis/redis-order-view-cache.js';
import { ChargeOrder } from './application/charge-order.js';
import { PlaceCheckout } from './application/place-checkout.js';
import { ReconcilePendingOrders } from './application/reconcile-pending-orders.js';
import { defaultHardenedSettings, type HardenedSettings } from './settings.js';

export interface HardenedDeps {
  /** Sized from DB_POOL_MAX, with an acquisition timeout (see adapters/postgres/pg-pool.ts). */
  readonly pool: pg.Pool;
  /** One shared client whose commands time out after REDIS_TIMEOUT_MS. */
  readonly redis: Redis;
  readonly paymentGatewayUrl: string;
  readonly settings?: Partial<HardenedSettings>;
  readonly metrics?: ServiceMetrics;
  readonly logLevel?: LogLevel;
  /** Aborted on SIGTERM: no new charge attempt starts, the one in flight is cut. */
  readonly shutdown?: AbortSignal;
}

/** Wires the hexagon: adapters into ports, use cases into the HTTP adapter. */
export function buildApp(deps: HardenedDeps): FastifyInstance {
  const settings: HardenedSettings = { ...defaultHardenedSettings, ...deps.settings };
  const app = Fastify(serviceServerOptions(deps.logLevel));
  const metrics = deps.metrics ?? new ServiceMetrics(['payment-gateway']);
  metrics.watchPool(deps.pool);
  instrumentService(app, metrics);
  app.addHook('onClose', async () => metrics.close());

  const db = { pool: deps.pool, statementTimeoutMs: settings.statementTimeoutMs, metrics };
  const store = new PgCheckoutStore(db);
  const gateway = new HttpPaymentGateway(deps.paymentGatewayUrl, metrics);
  const shutdown = deps.shutdown ?? new AbortController().signal;
  const charge = new ChargeOrder({ gateway, budget: settings.charge, shutdown });
  if (settings.reconcile.intervalMs > 0) {
    const reconciler = new ReconcilePendingOrders({
      store,
      lookup: gateway,
      charge,
      leaseMs: settings.idempotencyLeaseMs,
      graceMs: settings.reconcile.graceMs,
      batch: settings.reconcile.batch,
      lookupTimeoutMs: settings.charge.attemptTimeoutMs,
      shutdown,
    });
    // Started once the app is ready (listen or the first inject), stopped before the pool closes.
    let loop: ReturnType<typeof startReconcileLoop> | undefined;
    app.addHook('onReady', async () => {
      loop = startReconcileLoop(reconciler, settings.reconcile.intervalMs, shutdown, app.log);
    });
    app.addHook('onClose', async () => loop?.stop());
  }

  registerRoutes(app, {
    placeCheckout: new PlaceCheckout({
      store,
      charge,
      newOrderId: () => `ord_${randomUUID()}`,
      leaseMs: settings.idempotencyLeaseMs,
      waitMs: settings.idempotencyWaitMs,
    }),
    catalog: new PgCatalogStore(db),
    views: new RedisOrderViewCache(deps.redis, app.log),
    shedder: new LoadShedder({ checkout: settings.maxCheckoutsInFlight, read: settings.maxReadsInFlight }),
    metrics,
  });
  return app;
}
