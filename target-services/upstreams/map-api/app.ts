import Fastify, { type FastifyInstance } from 'fastify';
import { instrumentService, type LogLevel, serviceServerOptions } from '../../shared/service-http.js';
import { ServiceMetrics } from '../../shared/service-metrics.js';
import { Ledger } from './ledger.js';
import { mapApiRoutes, type RouteRequest, type RouteResponse, routeRequestSchema, routeResponseSchema } from './map-api-contract.js';
import { planRoute } from './route-planner.js';

export interface MapApiDeps {
  /** Goes into every route id (`r-17-map-1`), so ids stay unique across map API instances. */
  readonly instanceId: string;
  readonly logLevel?: LogLevel;
}

/**
 * The fake map API. It never sleeps: its latency is whatever Toxiproxy in front of it adds, so
 * one instance can answer thousands of calls per second on a shared core.
 */
export function buildApp(deps: MapApiDeps): FastifyInstance {
  const app = Fastify(serviceServerOptions(deps.logLevel));
  const metrics = new ServiceMetrics();
  const ledger = new Ledger();
  let counter = 0;

  instrumentService(app, metrics);
  app.addHook('onClose', async () => metrics.close());
  app.server.on('connection', (socket) => {
    ledger.connectionOpened();
    socket.once('close', () => ledger.connectionClosed());
  });

  app.post<{ Body: RouteRequest }>(
    mapApiRoutes.route,
    {
      schema: { body: routeRequestSchema, response: { 200: routeResponseSchema } },
      onRequest: async (_request, reply) => {
        ledger.requestStarted();
        reply.raw.once('close', () => ledger.requestEnded());
      },
    },
    async (request): Promise<RouteResponse> => {
      const plan = planRoute(request.body);
      counter += 1;
      ledger.routed((request.body.avoid?.length ?? 0) > 0);
      return { routeId: `r-${counter}-${deps.instanceId}`, ...plan };
    },
  );

  app.get(mapApiRoutes.ledger, async () => ledger.snapshot());

  app.post(mapApiRoutes.ledgerReset, async () => {
    ledger.reset();
    return ledger.snapshot();
  });

  return app;
}
