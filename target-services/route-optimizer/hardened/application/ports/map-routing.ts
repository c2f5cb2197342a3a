import type { RoutePlan } from '../../domain/route-plan.js';
import type { Coordinates } from '../../domain/truck.js';

export interface RouteQuery {
  readonly truckId: number;
  readonly from: Coordinates;
  readonly to: Coordinates;
  readonly avoidTunnels: readonly string[];
}

/**
 * The map provider. `getRoute` rejects with the signal's reason once `signal` aborts (and the
 * call is cancelled down to its socket), or with an ApplicationError when the map fails.
 */
export interface MapRoutingService {
  getRoute(query: RouteQuery, signal: AbortSignal): Promise<RoutePlan>;
}
