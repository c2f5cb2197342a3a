/*
 * route-optimizer-v2, single truck: `calculateHazmatRouteAndEta` of incident source 001 ("Back to
 * Code | Ep 02: Autopsy"), kept as the team wrote it, infrastructure and business rule in one
 * function.
 *
 * What it reproduces: the region's tunnel restrictions are fetched from Redis and then never
 * passed to the map API, so hazmat trucks are routed through tunnels. The hazmat ETA rule sits
 * inline between the I/O calls, and the result is written back without a transaction, with the
 * version read at the start plus one (concurrent requests for a truck acknowledge the same version).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { AssignTruckResponse, Coordinates } from '../contract/http-contract.js';
import type { MapApi } from './map-api.js';
import { TruckNotFoundException } from './routing-exception.js';

export interface HazmatRouteDeps {
  readonly pool: pg.Pool;
  readonly redisClient: Redis;
  readonly mapApi: MapApi;
  readonly logger: FastifyBaseLogger;
}

interface TruckRecord {
  readonly id: number;
  readonly region: string;
  readonly lat: number;
  readonly lng: number;
  readonly hazmat: boolean;
  readonly version: number;
}

export function hazmatRouting({ pool, redisClient, mapApi, logger }: HazmatRouteDeps) {
  /**
   * Calculates a truck's route to the destination and its ETA, including the mandatory rest
   * breaks for hazardous-materials trucks, and saves it.
   */
  async function calculateHazmatRouteAndEta(truckId: number, destination: Coordinates): Promise<AssignTruckResponse> {
    // 1. Fetch truck info from database
    const { rows } = await pool.query<TruckRecord>('SELECT id, region, lat, lng, hazmat, version FROM trucks WHERE id = $1', [truckId]);
    const truck = rows[0];
    if (!truck) throw new TruckNotFoundException(truckId);

    // 2. Fetch real-time tunnel restrictions from Redis
    const tunnelRestrictions = await redisClient.get(`region:${truck.region}:tunnels`);
    logger.debug({ truckId, tunnelRestrictions }, 'Loaded tunnel restrictions');

    // 3. Get route from Map API
    const routeData = await mapApi.getRoute(truckId, { lat: truck.lat, lng: truck.lng }, destination);

    // 4. Hazmat trucks must take a 2-hour break every 4 hours
    let finalEta = routeData.durationMinutes;
    if (truck.hazmat) {
      const mandatoryBreaks = Math.floor(routeData.durationMinutes / (4 * 60));
      finalEta += mandatoryBreaks * 2 * 60;
    }

    // 5. Save to database
    const version = truck.version + 1;
    await pool.query('UPDATE trucks SET route_id = $2, route = $3, eta_minutes = $4, version = $5, updated_at = now() WHERE id = $1', [
      truckId,
      routeData.routeId,
      JSON.stringify(routeData.segments),
      finalEta,
      version,
    ]);

    // 6. Invalidate cache
    await redisClient.del(`truck:${truckId}:current_route`);

    return { truckId, version, routeId: routeData.routeId, etaMinutes: finalEta, hazmat: truck.hazmat };
  }

  return { calculateHazmatRouteAndEta };
}
