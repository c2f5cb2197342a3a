import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { LoadShedder } from '../../shared/load-shedder.js';
import { instrumentService, type LogLevel, serviceServerOptions } from '../../shared/service-http.js';
import { ServiceMetrics } from '../../shared/service-metrics.js';
import { registerRoutes } from './adapters/http/routes.js';
import { HttpMapRouting } from './adapters/map/http-map-routing.js';
import { Semaphore } from './adapters/map/semaphore.js';
import { PgTruckRepository } from './adapters/postgres/pg-truck-repository.js';
import { RedisTunnelRestrictions } from './adapters/redis/redis-tunnel-restrictions.js';
import { AssignRegionRoutes } from './application/assign-region-routes.js';
import { AssignTruckRoute } from './application/assign-truck-route.js';
import { defaultHardenedSettings, type HardenedSettings } from './settings.js';

export interface HardenedDeps {
  /** Sized from DB_POOL_MAX, with an acquisition timeout (see adapters/postgres/pg-pool.ts). */
  readonly pool: pg.Pool;
  /** One shared client for the whole instance. */
  readonly redis: Redis;
  readonly mapApiUrl: string;
  readonly settings?: Partial<HardenedSettings>;
  readonly metrics?: ServiceMetrics;
  readonly logLevel?: LogLevel;
  /** Aborted on SIGTERM: in-flight routing gives up instead of holding the shutdown. */
  readonly shutdown?: AbortSignal;
}

/** Wires the hexagon: adapters into ports, use cases into the HTTP adapter. */
export function buildApp(deps: HardenedDeps): FastifyInstance {
  const settings: HardenedSettings = { ...defaultHardenedSettings, ...deps.settings };
  const app = Fastify(serviceServerOptions(deps.logLevel));
  const metrics = deps.metrics ?? new ServiceMetrics(['map-api']);
  metrics.watchPool(deps.pool);
  instrumentService(app, metrics);
  app.addHook('onClose', async () => metrics.close());

  const repository = new PgTruckRepository(deps.pool, { statementTimeoutMs: settings.statementTimeoutMs, retry: settings.retry, metrics });
  const map = new HttpMapRouting({ baseUrl: deps.mapApiUrl, slots: new Semaphore(settings.mapMaxInFlight), metrics });
  const restrictions = new RedisTunnelRestrictions(deps.redis);

  registerRoutes(app, {
    assignRegion: new AssignRegionRoutes({
      trucks: repository,
      map,
      restrictions,
      routingConcurrency: settings.mapConcurrencyPerRequest,
      batchSize: settings.writeBatchSize,
    }),
    assignTruck: new AssignTruckRoute({ trucks: repository, map, restrictions, attemptsOnConflict: settings.attemptsOnConflict }),
    reader: repository,
    shedder: new LoadShedder({ bulk: settings.maxBulkInFlight, single: settings.maxSingleInFlight }),
    metrics,
    deadlineMs: settings.requestDeadlineMs,
    routingBudgetShare: settings.routingBudgetShare,
    shutdown: deps.shutdown ?? new AbortController().signal,
  });
  return app;
}
