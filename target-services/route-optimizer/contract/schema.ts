/**
 * The route-optimizer tables, shared by both variants. `version` is what makes lost updates
 * visible: every write that acknowledges an assignment says which version it wrote, and the
 * harness compares those acknowledgements with the final rows.
 */
export const routeOptimizerSchemaSql = `
CREATE TABLE trucks (
  id integer PRIMARY KEY,
  region text NOT NULL,
  lat double precision NOT NULL,
  lng double precision NOT NULL,
  hazmat boolean NOT NULL DEFAULT false,
  route_id text,
  -- array of segments {id, kind: 'road' | 'tunnel', tunnelId?, minutes}
  route jsonb,
  eta_minutes integer,
  version integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX trucks_region_idx ON trucks (region);
`;

/** Drops what the schema creates, so that a seed always starts from nothing. */
export const routeOptimizerDropSql = 'DROP TABLE IF EXISTS trucks';

/** The Redis key holding a region's tunnel ids (a JSON array), as the story's code reads it. */
export function tunnelsKey(region: string): string {
  return `region:${region}:tunnels`;
}

/** The per-truck route cache key the story's code invalidates after each write. */
export function currentRouteKey(truckId: number | string): string {
  return `truck:${truckId}:current_route`;
}
