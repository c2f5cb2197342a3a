/*
 * route-optimizer-v2 as it ran on Black Friday (incident sources 000 and 001): the HTTP layer
 * around `assignRoutesInParallel` and `calculateHazmatRouteAndEta`. See route-assignment.ts and
 * hazmat-route.ts for what each reproduces.
 */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { instrumentService, type LogLevel, serviceServerOptions } from '../../shared/service-http.js';
import { ServiceMetrics } from '../../shared/service-metrics.js';
import { sqlDetailOf, sqlstateOf } from '../../shared/sqlstate.js';
import {
  type AssignRouteBody,
  assignRouteBodySchema,
  type ErrorBody,
  type RegionParams,
  regionParamsSchema,
  routeOptimizerRoutes,
  type TruckParams,
  truckParamsSchema,
} from '../contract/http-contract.js';
import { type TruckRow, truckViewColumns, truckViewOf } from '../contract/truck-row.js';
import { hazmatRouting } from './hazmat-route.js';
import { createMapApi } from './map-api.js';
import { createRouteAssignment } from './route-assignment.js';

export interface NaiveDeps {
  readonly pool: pg.Pool;
  readonly redis: Redis;
  readonly mapApiUrl: string;
  readonly metrics?: ServiceMetrics;
  readonly logLevel?: LogLevel;
}

function errorBody(error: FastifyError): ErrorBody {
  const sqlstate = sqlstateOf(error);
  const detail = sqlDetailOf(error);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  return {
    error: cause ? `${error.message}: ${cause.message}` : error.message,
    ...(sqlstate ? { code: sqlstate } : error.code ? { code: error.code } : {}),
    ...(detail ? { detail } : {}),
  };
}

export function buildApp(deps: NaiveDeps): FastifyInstance {
  const app = Fastify(serviceServerOptions(deps.logLevel));
  const metrics = deps.metrics ?? new ServiceMetrics(['map-api']);
  metrics.watchPool(deps.pool);
  instrumentService(app, metrics);
  app.addHook('onClose', async () => metrics.close());

  const mapApi = createMapApi(deps.mapApiUrl, metrics);
  const { reassignRegion } = createRouteAssignment({ pool: deps.pool, mapApi, logger: app.log });
  const { calculateHazmatRouteAndEta } = hazmatRouting({ pool: deps.pool, redisClient: deps.redis, mapApi, logger: app.log });

  app.setErrorHandler<FastifyError>((error, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    const sqlstate = sqlstateOf(error);
    if (sqlstate) metrics.countDbError(sqlstate);
    if (status >= 500 && !sqlstate) app.log.error({ err: error }, 'Request failed');
    return reply.code(status).send(errorBody(error));
  });

  app.post<{ Params: RegionParams; Body: AssignRouteBody }>(
    routeOptimizerRoutes.reassignRegion,
    { schema: { params: regionParamsSchema, body: assignRouteBodySchema } },
    async (request) => reassignRegion(request.params.region, request.body.destination),
  );

  app.post<{ Params: TruckParams; Body: AssignRouteBody }>(
    routeOptimizerRoutes.assignTruck,
    { schema: { params: truckParamsSchema, body: assignRouteBodySchema } },
    async (request) => calculateHazmatRouteAndEta(request.params.id, request.body.destination),
  );

  app.get<{ Params: TruckParams }>(routeOptimizerRoutes.getTruck, { schema: { params: truckParamsSchema } }, async (request, reply) => {
    const { rows } = await deps.pool.query<TruckRow>(`SELECT ${truckViewColumns} FROM trucks WHERE id = $1`, [request.params.id]);
    const row = rows[0];
    if (!row) return reply.code(404).send({ error: `Truck ${request.params.id} not found`, code: 'TRUCK_NOT_FOUND' });
    return truckViewOf(row);
  });

  return app;
}
