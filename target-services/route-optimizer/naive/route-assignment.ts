/*
 * route-optimizer-v2, bulk assignment: the code of incident source 000 ("Back to Code | Ep 01:
 * The Invoice of Illusion and the Black Friday Crash"), kept as the team wrote it.
 *
 * What it reproduces: `Promise.all` over every truck id (one map call and one read-then-write per
 * truck, no concurrency bound, no timeout); the region reassignment wraps all of it in ONE
 * transaction on one pooled client, so its UPDATEs reach PostgreSQL in the order the map calls
 * happen to finish. Two overlapping reassignments of a region therefore lock the same rows in
 * different orders: `40P01 deadlock detected`, "Process A waits for ShareLock on transaction N;
 * blocked by process B". The version is read, then written back as read + 1 without a check, so
 * concurrent writers acknowledge the same version (a lost update).
 */
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { Acknowledgement, Coordinates, ReassignRegionResponse, RouteSegment } from '../contract/http-contract.js';
import type { MapApi } from './map-api.js';
import { RoutingException } from './routing-exception.js';

/** Anything that runs a query: the pool, or a client inside a transaction. */
type Db = pg.Pool | pg.PoolClient;

export interface RouteAssignmentDeps {
  readonly pool: pg.Pool;
  readonly mapApi: MapApi;
  readonly logger: FastifyBaseLogger;
}

interface OptimalRoute {
  readonly routeId: string;
  readonly segments: readonly RouteSegment[];
  readonly etaMinutes: number;
}

export function createRouteAssignment({ pool, mapApi, logger }: RouteAssignmentDeps) {
  /**
   * Calculates the optimal route for a truck from its current position, using the map
   * provider's real-time traffic data.
   */
  async function calculateOptimalRoute(truckId: number, region: string, destination: Coordinates, db: Db): Promise<OptimalRoute> {
    const { rows } = await db.query<{ lat: number; lng: number }>('SELECT lat, lng FROM trucks WHERE id = $1 AND region = $2', [
      truckId,
      region,
    ]);
    const truck = rows[0];
    if (!truck) throw new RoutingException(`Truck ${truckId} is not in ${region}`);
    const route = await mapApi.getRoute(truckId, { lat: truck.lat, lng: truck.lng }, destination);
    return { routeId: route.routeId, segments: route.segments, etaMinutes: route.durationMinutes };
  }

  /**
   * Persists the truck's new route and bumps its version.
   * @returns the version written.
   */
  async function updateTruckRouteInDB(truckId: number, route: OptimalRoute, db: Db): Promise<number> {
    const { rows } = await db.query<{ version: number }>('SELECT version FROM trucks WHERE id = $1', [truckId]);
    const nextVersion = (rows[0]?.version ?? 0) + 1;
    await db.query('UPDATE trucks SET route_id = $2, route = $3, eta_minutes = $4, version = $5, updated_at = now() WHERE id = $1', [
      truckId,
      route.routeId,
      JSON.stringify(route.segments),
      route.etaMinutes,
      nextVersion,
    ]);
    return nextVersion;
  }

  /**
   * Assigns optimal routes to many trucks at once. Every truck is processed in parallel, so
   * 50,000 trucks take about as long as one.
   * @throws RoutingException when any assignment fails.
   */
  async function assignRoutesInParallel(
    truckIds: number[],
    region: string,
    destination: Coordinates,
    db: Db = pool,
  ): Promise<Acknowledgement[]> {
    try {
      const results = await Promise.all(
        truckIds.map(async (truckId) => {
          const optimalRoute = await calculateOptimalRoute(truckId, region, destination, db);
          const version = await updateTruckRouteInDB(truckId, optimalRoute, db);
          return { truckId, version, routeId: optimalRoute.routeId };
        }),
      );
      return results;
    } catch (error) {
      logger.error({ err: error, region }, 'Error during route assignment');
      throw new RoutingException('Bulk route assignment failed', { cause: error });
    }
  }

  /**
   * Reassigns every truck of a region to a new destination. Runs in a transaction so that a
   * region is never left half-assigned.
   */
  async function reassignRegion(region: string, destination: Coordinates): Promise<ReassignRegionResponse> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ id: number }>('SELECT id FROM trucks WHERE region = $1 ORDER BY id', [region]);
      const assigned = await assignRoutesInParallel(
        rows.map((row) => row.id),
        region,
        destination,
        client,
      );
      await client.query('COMMIT');
      return { region, assigned };
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  return { assignRoutesInParallel, reassignRegion };
}
