/*
 * checkout as it ran at the flash sale (incident sources 002, 003, 004): the HTTP layer around
 * `placeOrder`. See checkout.ts for what each part reproduces, and where it follows the sources
 * to the letter or interprets them.
 */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type pg from 'pg';
import { instrumentService, type LogLevel, serviceServerOptions } from '../../shared/service-http.js';
import { ServiceMetrics } from '../../shared/service-metrics.js';
import { sqlDetailOf, sqlstateOf } from '../../shared/sqlstate.js';
import {
  type CheckoutBody,
  checkoutBodySchema,
  checkoutRoutes,
  type ErrorBody,
  echoedKeyHeader,
  type OrderParams,
  orderParamsSchema,
  type PriceChangeBody,
  priceChangeBodySchema,
  type SkuParams,
  skuParamsSchema,
} from '../contract/http-contract.js';
import { type OrderRow, orderViewColumns, orderViewOf } from '../contract/order-row.js';
import { orderStatusKey } from '../contract/schema.js';
import { createCheckout } from './checkout.js';
import { OrderNotFoundError, ProductNotFoundError } from './errors.js';
import { createInventory } from './inventory.js';
import { createPaymentClient } from './payment-client.js';
import { createPaymentStatus } from './payment-status.js';
import { createProductCatalog } from './product-catalog.js';
import type { RedisClients } from './redis-clients.js';

export interface NaiveDeps {
  readonly pool: pg.Pool;
  readonly redis: RedisClients;
  readonly paymentGatewayUrl: string;
  readonly metrics?: ServiceMetrics;
  readonly logLevel?: LogLevel;
}

function errorBody(error: FastifyError & { orderId?: string; sku?: string }): ErrorBody {
  const sqlstate = sqlstateOf(error);
  const detail = sqlDetailOf(error);
  return {
    error: error.message,
    ...(sqlstate ? { code: sqlstate } : error.code ? { code: error.code } : {}),
    ...(error.orderId ? { orderId: error.orderId } : {}),
    ...(error.sku ? { sku: error.sku } : {}),
    ...(detail ? { detail } : {}),
  };
}

export function buildApp(deps: NaiveDeps): FastifyInstance {
  const app = Fastify(serviceServerOptions(deps.logLevel));
  const metrics = deps.metrics ?? new ServiceMetrics(['payment-gateway']);
  metrics.watchPool(deps.pool);
  instrumentService(app, metrics);
  app.addHook('onClose', async () => metrics.close());

  const catalog = createProductCatalog(deps.pool);
  const paymentStatus = createPaymentStatus(deps.redis, app.log);
  const { placeOrder } = createCheckout({
    pool: deps.pool,
    catalog,
    inventory: createInventory(deps.pool),
    payments: createPaymentClient(deps.paymentGatewayUrl, metrics, app.log),
    paymentStatus,
    logger: app.log,
  });

  app.setErrorHandler<FastifyError>((error, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    const sqlstate = sqlstateOf(error);
    if (sqlstate) metrics.countDbError(sqlstate);
    if (status >= 500 && !sqlstate) app.log.error({ err: error }, 'Request failed');
    return reply.code(status).send(errorBody(error));
  });

  app.post<{ Body: CheckoutBody }>(
    checkoutRoutes.checkout,
    {
      schema: { body: checkoutBodySchema },
      preHandler: async (request, reply) => {
        reply.header(echoedKeyHeader, request.body.idempotencyKey);
      },
    },
    async (request, reply) => reply.code(201).send(await placeOrder(request.body)),
  );

  app.get<{ Params: OrderParams }>(checkoutRoutes.order, { schema: { params: orderParamsSchema } }, async (request) => {
    const { rows } = await deps.pool.query<OrderRow>(`SELECT ${orderViewColumns} FROM orders WHERE id = $1`, [request.params.id]);
    const row = rows[0];
    if (!row) throw new OrderNotFoundError(request.params.id);
    // The payments module owns the payment status; the order row only has the order's details.
    return orderViewOf(row, await paymentStatus.getPaymentStatus(orderStatusKey(row.id)));
  });

  app.get<{ Params: SkuParams }>(checkoutRoutes.product, { schema: { params: skuParamsSchema } }, async (request) => {
    const product = await catalog.getProduct(request.params.sku);
    if (!product) throw new ProductNotFoundError(request.params.sku);
    return product;
  });

  app.post<{ Params: SkuParams; Body: PriceChangeBody }>(
    checkoutRoutes.productPrice,
    { schema: { params: skuParamsSchema, body: priceChangeBodySchema } },
    async (request) => {
      const changed = await catalog.updatePrice(request.params.sku, request.body.priceCents);
      if (!changed) throw new ProductNotFoundError(request.params.sku);
      return { sku: request.params.sku, ...changed };
    },
  );

  return app;
}
