import type { RouteSegment, TruckView } from './http-contract.js';

/** The columns `GET /trucks/:id` answers with, in one place for both variants. */
export const truckViewColumns = 'id, region, lat, lng, hazmat, route_id, route, eta_minutes, version, updated_at';

/** A `trucks` row as pg returns it for `truckViewColumns`. */
export interface TruckRow {
  readonly id: number;
  readonly region: string;
  readonly lat: number;
  readonly lng: number;
  readonly hazmat: boolean;
  readonly route_id: string | null;
  readonly route: RouteSegment[] | null;
  readonly eta_minutes: number | null;
  readonly version: number;
  readonly updated_at: Date;
}

export function truckViewOf(row: TruckRow): TruckView {
  return {
    id: row.id,
    region: row.region,
    lat: row.lat,
    lng: row.lng,
    hazmat: row.hazmat,
    routeId: row.route_id,
    route: row.route,
    etaMinutes: row.eta_minutes,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}
