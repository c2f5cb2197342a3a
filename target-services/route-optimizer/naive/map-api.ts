import type { ServiceMetrics } from '../../shared/service-metrics.js';
import type { RouteResponse } from '../../upstreams/map-api/map-api-contract.js';
import type { Coordinates } from '../contract/http-contract.js';
import { RoutingException } from './routing-exception.js';

/** Client for the map provider's routing endpoint. */
export interface MapApi {
  /**
   * Gets the fastest route for a truck between two points, using real-time traffic data.
   * @returns the provider's route: id, duration in minutes and segments.
   */
  getRoute(truckId: number, from: Coordinates, to: Coordinates): Promise<RouteResponse>;
}

export function createMapApi(baseUrl: string, metrics: ServiceMetrics): MapApi {
  return {
    async getRoute(truckId, from, to) {
      return metrics.trackUpstream('map-api', async () => {
        const response = await fetch(`${baseUrl}/route`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ truckId, from, to }),
        });
        if (!response.ok) throw new RoutingException(`Map API responded with ${response.status}`);
        return (await response.json()) as RouteResponse;
      });
    },
  };
}
