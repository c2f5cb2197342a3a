import type { FastifyInstance } from 'fastify';
import {
  correlationHeadersSchema,
  correlationIdHeader,
  type ErrorBody,
  errorBodySchema,
  orderWorkerRoutes,
  type PostOrderResponse,
  postOrderEnvelopeSchema,
  postOrderResponseSchema,
} from '../../../contract/http-contract.js';
import { ApplicationError } from '../../application/application-error.js';
import type { PublishOrderEvent } from '../../application/publish-order-event.js';

/** The producer endpoint: 202 once the message is on the queue, 503 when Redis did not take it. */
export function registerRoutes(app: FastifyInstance, publish: PublishOrderEvent): void {
  app.post<{ Body: Record<string, unknown>; Headers: { [correlationIdHeader]?: string } }>(
    orderWorkerRoutes.orders,
    {
      schema: {
        body: postOrderEnvelopeSchema,
        headers: correlationHeadersSchema,
        response: { 202: postOrderResponseSchema, 503: errorBodySchema },
      },
    },
    async (request, reply): Promise<PostOrderResponse | ErrorBody> => {
      try {
        const accepted = await publish.execute(request.body, request.headers[correlationIdHeader]);
        return reply.code(202).send(accepted);
      } catch (err) {
        if (!(err instanceof ApplicationError)) throw err;
        request.log.error({ err }, 'enqueueing an order event failed');
        return reply.code(503).header('retry-after', '1').send({ error: err.message, code: err.code });
      }
    },
  );
}
