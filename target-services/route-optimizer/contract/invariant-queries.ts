/**
 * SQL for the Black Friday routing invariants, run against PostgreSQL after a run (directly, not
 * through PgBouncer, so a saturated pooler cannot hide the answer).
 */

/** Hazmat trucks whose stored route goes through a tunnel: must be 0 for the hardened variant. */
export const hazmatTunnelRoutesSql = `
SELECT id AS "truckId", route_id AS "routeId"
FROM trucks
WHERE hazmat AND route @> '[{"kind": "tunnel"}]'::jsonb
ORDER BY id`;

/** Final rows of the given trucks, in the shape `findAckViolations` takes ($1: int[] of ids). */
export const finalRowsSql = `
SELECT id AS "truckId", version, route_id AS "routeId"
FROM trucks
WHERE id = ANY($1::int[])`;
