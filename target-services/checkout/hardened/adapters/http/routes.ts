import type { FastifyInstance, FastifyReply } from 'fastify';
import { admitOrShed, type LoadShedder } from '../../../../shared/load-shedder.js';
import type { ServiceMetrics } from '../../../../shared/service-metrics.js';
import {
  type CheckoutBody,
  type CheckoutResponse,
  checkoutBodySchema,
  checkoutResponseSchema,
  checkoutRoutes,
  type ErrorBody,
  echoedKeyHeader,
  errorBodySchema,
  type OrderParams,
  type OrderView,
  orderParamsSchema,
  orderViewSchema,
  type PriceChangeBody,
  type PriceChangeResponse,
  type ProductView,
  priceChangeBodySchema,
  priceChangeResponseSchema,
  productViewSchema,
  replayedHeader,
  type SkuParams,
  skuParamsSchema,
  soldOutCode,
} from '../../../contract/http-contract.js';
import type { CheckoutOutcome } from '../../application/checkout-outcome.js';
import { getOrder } from '../../application/get-order.js';
import type { PlaceCheckout } from '../../application/place-checkout.js';
import type { CatalogStore } from '../../application/ports/catalog-store.js';
import type { OrderViewCache } from '../../application/ports/order-view-cache.js';
import { changePrice, getProduct } from '../../application/products.js';
import { errorResponse, type httpErrorCodes } from './error-response.js';

/** The classes of work shed apart: order-page refreshes must not starve the purchases. */
export type WorkClass = 'checkout' | 'read';

export interface RouteHandlers {
  readonly placeCheckout: PlaceCheckout;
  readonly catalog: CatalogStore;
  readonly views: OrderViewCache;
  readonly shedder: LoadShedder<WorkClass>;
  readonly metrics: ServiceMetrics;
}

/** An outcome as the contract answers it: 201 settled, 202 pending, 402 declined, 409 sold out. */
function answerOf(outcome: CheckoutOutcome): { status: number; body: CheckoutResponse | ErrorBody } {
  if (outcome.kind === 'sold-out')
    return { status: 409, body: { error: `${outcome.sku} is sold out`, code: soldOutCode, sku: outcome.sku } };
  const { receipt } = outcome;
  if (receipt.status === 'pending') return { status: 202, body: receipt };
  if (receipt.status === 'failed') {
    return {
      status: 402,
      body: {
        error: `the payment for order ${receipt.orderId} was declined`,
        code: 'CHECKOUT_PAYMENT_DECLINED' satisfies keyof typeof httpErrorCodes,
        orderId: receipt.orderId,
      },
    };
  }
  return { status: 201, body: receipt };
}

/** The HTTP adapter: contract routes onto use cases, with shedding in front and errors mapped behind. */
export function registerRoutes(app: FastifyInstance, handlers: RouteHandlers): void {
  const { shedder, metrics, catalog, views } = handlers;

  const admit = admitOrShed(shedder, metrics, 'CHECKOUT_OVERLOADED' satisfies keyof typeof httpErrorCodes);

  app.setErrorHandler((error, _request, reply: FastifyReply) => {
    const answer = errorResponse(error);
    if (answer.status === 500) app.log.error({ err: error }, 'unexpected error');
    if (answer.retryAfterSeconds) reply.header('retry-after', String(answer.retryAfterSeconds));
    return reply.code(answer.status).send(answer.body);
  });

  const errorSchemas = { 402: errorBodySchema, 409: errorBodySchema };
  app.post<{ Body: CheckoutBody }>(
    checkoutRoutes.checkout,
    {
      schema: { body: checkoutBodySchema, response: { 201: checkoutResponseSchema, 202: checkoutResponseSchema, ...errorSchemas } },
      onRequest: admit('checkout'),
      preHandler: async (request, reply) => {
        reply.header(echoedKeyHeader, request.body.idempotencyKey);
      },
    },
    async (request, reply) => {
      const placed = await handlers.placeCheckout.execute(request.body);
      const answer = answerOf(placed.outcome);
      if (placed.replayed) reply.header(replayedHeader, 'true');
      return reply.code(answer.status).send(answer.body);
    },
  );

  app.get<{ Params: OrderParams }>(
    checkoutRoutes.order,
    { schema: { params: orderParamsSchema, response: { 200: orderViewSchema } }, onRequest: admit('read') },
    async (request): Promise<OrderView> => getOrder(request.params.id, views, catalog),
  );

  app.get<{ Params: SkuParams }>(
    checkoutRoutes.product,
    { schema: { params: skuParamsSchema, response: { 200: productViewSchema } }, onRequest: admit('read') },
    async (request): Promise<ProductView> => getProduct(request.params.sku, catalog),
  );

  app.post<{ Params: SkuParams; Body: PriceChangeBody }>(
    checkoutRoutes.productPrice,
    { schema: { params: skuParamsSchema, body: priceChangeBodySchema, response: { 200: priceChangeResponseSchema } } },
    async (request): Promise<PriceChangeResponse> => changePrice(request.params.sku, request.body.priceCents, catalog),
  );
}
