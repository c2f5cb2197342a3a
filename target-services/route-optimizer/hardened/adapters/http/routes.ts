import { setMaxListeners } from 'node:events';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { admitOrShed, type LoadShedder } from '../../../../shared/load-shedder.js';
import type { ServiceMetrics } from '../../../../shared/service-metrics.js';
import {
  type AssignRouteBody,
  type AssignTruckResponse,
  assignRouteBodySchema,
  assignTruckResponseSchema,
  type ReassignRegionResponse,
  type RegionParams,
  reassignRegionResponseSchema,
  regionParamsSchema,
  routeOptimizerRoutes,
  type TruckParams,
  truckParamsSchema,
} from '../../../contract/http-contract.js';
import type { AssignRegionRoutes } from '../../application/assign-region-routes.js';
import type { AssignTruckRoute } from '../../application/assign-truck-route.js';
import { getTruck } from '../../application/get-truck.js';
import type { TruckReader } from '../../application/ports/truck-reader.js';
import { errorResponse, type httpErrorCodes } from './error-response.js';

/** The classes of work shed apart: a burst of region jobs must not starve single trucks. */
export type WorkClass = 'bulk' | 'single';

import { requestSignal } from './request-signal.js';

export interface RouteHandlers {
  readonly assignRegion: AssignRegionRoutes;
  readonly assignTruck: AssignTruckRoute;
  readonly reader: TruckReader;
  readonly shedder: LoadShedder<WorkClass>;
  readonly metrics: ServiceMetrics;
  readonly deadlineMs: number;
  /** Share of the deadline a region job spends routing before it writes what it has. */
  readonly routingBudgetShare: number;
  readonly shutdown: AbortSignal;
}

/** The HTTP adapter: contract routes onto use cases, with shedding in front and errors mapped behind. */
export function registerRoutes(app: FastifyInstance, handlers: RouteHandlers): void {
  const { shedder, metrics, deadlineMs, shutdown } = handlers;
  // Each request in flight listens to the shutdown signal until it ends; the shedder bounds how many.
  setMaxListeners(0, shutdown);

  const admit = admitOrShed(shedder, metrics, 'ROUTE_OPTIMIZER_OVERLOADED' satisfies keyof typeof httpErrorCodes);

  app.setErrorHandler((error, _request, reply: FastifyReply) => {
    const answer = errorResponse(error);
    if (answer.status === 500) app.log.error({ err: error }, 'unexpected error');
    if (answer.retryAfterSeconds) reply.header('retry-after', String(answer.retryAfterSeconds));
    return reply.code(answer.status).send(answer.body);
  });

  app.post<{ Params: RegionParams; Body: AssignRouteBody }>(
    routeOptimizerRoutes.reassignRegion,
    {
      schema: { params: regionParamsSchema, body: assignRouteBodySchema, response: { 200: reassignRegionResponseSchema } },
      onRequest: admit('bulk'),
    },
    async (request, reply): Promise<ReassignRegionResponse> => {
      const signal = requestSignal(reply, deadlineMs, shutdown);
      const routingBudgetMs = Math.floor(deadlineMs * handlers.routingBudgetShare);
      return handlers.assignRegion.execute(request.params.region, request.body.destination, signal, routingBudgetMs);
    },
  );

  app.post<{ Params: TruckParams; Body: AssignRouteBody }>(
    routeOptimizerRoutes.assignTruck,
    {
      schema: { params: truckParamsSchema, body: assignRouteBodySchema, response: { 200: assignTruckResponseSchema } },
      onRequest: admit('single'),
    },
    async (request, reply): Promise<AssignTruckResponse> => {
      const signal = requestSignal(reply, deadlineMs, shutdown);
      return handlers.assignTruck.execute(request.params.id, request.body.destination, signal);
    },
  );

  app.get<{ Params: TruckParams }>(routeOptimizerRoutes.getTruck, { schema: { params: truckParamsSchema } }, async (request) =>
    getTruck(handlers.reader, request.params.id),
  );
}
