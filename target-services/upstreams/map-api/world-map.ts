/**
 * The fake map's world: a grid of one-degree cells, each a named region with a few tunnels. The
 * map knows where tunnels are (a route starting in a region may go through that region's
 * tunnels); a service that must keep a truck out of tunnels has to learn their ids elsewhere
 * (route-optimizer keeps them in Redis, as the story's team did) and pass them as `avoid`.
 */

export interface LatLng {
  readonly lat: number;
  readonly lng: number;
}

const grid = { originLat: 40, originLng: -5, columns: 10, rows: 10 } as const;

/** How many regions the world has (region-01 .. region-100). */
export const regionCount = grid.columns * grid.rows;

/** `region-07` for 7: the names seeds, Redis keys and scenarios use. */
export function regionName(index: number): string {
  if (!Number.isInteger(index) || index < 1 || index > regionCount) throw new RangeError(`no region ${index} (1..${regionCount})`);
  return `region-${String(index).padStart(2, '0')}`;
}

/** The index of `region-07`, or null for a name outside the world. */
export function regionIndexOf(name: string): number | null {
  const match = /^region-(\d{2,3})$/.exec(name);
  const index = match ? Number(match[1]) : Number.NaN;
  return Number.isInteger(index) && index >= 1 && index <= regionCount ? index : null;
}

/** South-west corner of a region's cell; the cell spans one degree north and east from there. */
export function regionOrigin(index: number): LatLng {
  regionName(index);
  const row = Math.floor((index - 1) / grid.columns);
  const column = (index - 1) % grid.columns;
  return { lat: grid.originLat + row, lng: grid.originLng + column };
}

/** The region a point lies in, or null outside the grid (such routes meet no tunnel). */
export function regionIndexAt(point: LatLng): number | null {
  const row = Math.floor(point.lat - grid.originLat);
  const column = Math.floor(point.lng - grid.originLng);
  if (row < 0 || row >= grid.rows || column < 0 || column >= grid.columns) return null;
  return row * grid.columns + column + 1;
}

/** The tunnel ids in a region: two to four, fixed (`tunnel-07-a`, `tunnel-07-b`, ...). */
export function tunnelsOfRegion(index: number): string[] {
  const name = regionName(index);
  const count = 2 + (index % 3);
  return Array.from({ length: count }, (_, k) => `tunnel-${name.slice('region-'.length)}-${String.fromCharCode(97 + k)}`);
}
