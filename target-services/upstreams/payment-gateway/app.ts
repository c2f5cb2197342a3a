import Fastify, { type FastifyInstance } from 'fastify';
import { instrumentService, type LogLevel, serviceServerOptions } from '../../shared/service-http.js';
import { ServiceMetrics } from '../../shared/service-metrics.js';
import { ChargeLedger } from './charge-ledger.js';
import {
  type Charge,
  type ChargeByKeyParams,
  type ChargeRequest,
  chargeByKeyParamsSchema,
  chargeHeadersSchema,
  chargeNotFoundCode,
  chargeRequestSchema,
  chargeSchema,
  type GatewayErrorBody,
  type GatewayLedger,
  gatewayErrorSchema,
  idempotencyKeyHeader,
  ledgerQuerySchema,
  ledgerSchema,
  paymentGatewayRoutes,
  replayedHeader,
} from './gateway-contract.js';
import { IdempotencyStore } from './idempotency-store.js';

export interface PaymentGatewayDeps {
  /** Goes into every charge id (`ch_17_payment-gateway`), so ids stay unique across gateways. */
  readonly instanceId: string;
  readonly logLevel?: LogLevel;
  /** The clock of the ledger and of the charges (tests pin it). */
  readonly now?: () => Date;
}

/**
 * The fake payment gateway. It never sleeps: its latency is whatever Toxiproxy in front of it
 * adds. Toxiproxy delays the answer, not the work, which is what makes a client-side timeout
 * dangerous: by the time the caller gives up, the charge has already been made.
 */
export function buildApp(deps: PaymentGatewayDeps): FastifyInstance {
  const app = Fastify(serviceServerOptions(deps.logLevel));
  const metrics = new ServiceMetrics();
  const ledger = new ChargeLedger();
  const keys = new IdempotencyStore();
  const now = deps.now ?? (() => new Date());
  let chargeCount = 0;

  instrumentService(app, metrics);
  app.addHook('onClose', async () => metrics.close());

  app.post<{ Body: ChargeRequest; Headers: { [idempotencyKeyHeader]?: string } }>(
    paymentGatewayRoutes.charges,
    { schema: { body: chargeRequestSchema, headers: chargeHeadersSchema, response: { 200: chargeSchema, 400: gatewayErrorSchema } } },
    async (request, reply): Promise<Charge | GatewayErrorBody> => {
      const body = request.body;
      const key = request.headers[idempotencyKeyHeader] ?? null;
      const at = now().toISOString();
      const attempt = { at, orderId: body.orderId, amountCents: body.amountCents, customerId: body.customerId, idempotencyKey: key };

      if (key !== null) {
        const known = keys.lookup(key, body);
        if (known.kind === 'replay') {
          ledger.record({ ...attempt, result: 'replayed', chargeId: known.charge.id });
          reply.header(replayedHeader, 'true');
          return known.charge;
        }
        if (known.kind === 'reused') {
          ledger.record({ ...attempt, result: 'key-reused', chargeId: null });
          return reply.code(400).send({
            error: `Keys for idempotent requests can only be used with the same parameters they were first used with (key ${key})`,
            code: 'IDEMPOTENCY_KEY_REUSED',
          } satisfies GatewayErrorBody);
        }
      }

      chargeCount += 1;
      const charge: Charge = {
        id: `ch_${chargeCount}_${deps.instanceId}`,
        orderId: body.orderId,
        amountCents: body.amountCents,
        customerId: body.customerId,
        currency: body.currency ?? 'usd',
        status: 'succeeded',
        created: at,
      };
      if (key !== null) keys.remember(key, body, charge);
      ledger.record({ ...attempt, result: 'charged', chargeId: charge.id });
      return charge;
    },
  );

  app.get<{ Params: ChargeByKeyParams }>(
    paymentGatewayRoutes.chargeByKey,
    { schema: { params: chargeByKeyParamsSchema, response: { 200: chargeSchema, 404: gatewayErrorSchema } } },
    async (request, reply): Promise<Charge | GatewayErrorBody> => {
      const charge = keys.chargeOf(request.params.key);
      if (charge) return charge;
      return reply.code(404).send({
        error: `No charge was made with idempotency key ${request.params.key}`,
        code: chargeNotFoundCode,
      } satisfies GatewayErrorBody);
    },
  );

  app.get<{ Querystring: { entries?: boolean } }>(
    paymentGatewayRoutes.ledger,
    { schema: { querystring: ledgerQuerySchema, response: { 200: ledgerSchema } } },
    async (request): Promise<GatewayLedger> => ledger.snapshot(request.query.entries !== false),
  );

  app.post(paymentGatewayRoutes.ledgerReset, { schema: { response: { 200: ledgerSchema } } }, async (): Promise<GatewayLedger> => {
    ledger.reset();
    keys.clear();
    return ledger.snapshot();
  });

  return app;
}
