import type { ServiceMetrics } from '../../../../shared/service-metrics.js';
import type { RouteRequest, RouteResponse } from '../../../../upstreams/map-api/map-api-contract.js';
import { ApplicationError } from '../../application/application-error.js';
import type { MapRoutingService, RouteQuery } from '../../application/ports/map-routing.js';
import type { RoutePlan } from '../../domain/route-plan.js';
import type { Semaphore } from './semaphore.js';

export interface HttpMapRoutingSettings {
  readonly baseUrl: string;
  /** Per-instance cap on calls in flight, shared by all requests. */
  readonly slots: Semaphore;
  readonly metrics: ServiceMetrics;
}

/**
 * The map API over HTTP (Node's fetch, i.e. undici). The caller's signal is handed to fetch, so a
 * deadline or a shutdown cancels the call down to its socket instead of leaving it running.
 */
export class HttpMapRouting implements MapRoutingService {
  readonly #settings: HttpMapRoutingSettings;

  constructor(settings: HttpMapRoutingSettings) {
    this.#settings = settings;
  }

  async getRoute(query: RouteQuery, signal: AbortSignal): Promise<RoutePlan> {
    const { baseUrl, slots, metrics } = this.#settings;
    const release = await slots.acquire(signal);
    try {
      return await metrics.trackUpstream('map-api', () => this.#call(baseUrl, query, signal));
    } finally {
      release();
    }
  }

  async #call(baseUrl: string, query: RouteQuery, signal: AbortSignal): Promise<RoutePlan> {
    const body: RouteRequest = { truckId: query.truckId, from: query.from, to: query.to, avoid: query.avoidTunnels };
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/route`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal,
      });
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      throw new ApplicationError('ROUTE_OPTIMIZER_UPSTREAM_FAILED', `map API unreachable: ${(err as Error).message}`, { cause: err });
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw new ApplicationError('ROUTE_OPTIMIZER_UPSTREAM_FAILED', `map API answered ${response.status}`);
    }
    const route = (await response.json()) as RouteResponse;
    return { routeId: route.routeId, durationMinutes: route.durationMinutes, segments: route.segments };
  }
}
