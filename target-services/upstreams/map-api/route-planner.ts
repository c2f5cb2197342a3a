import type { MapSegment, RouteRequest } from './map-api-contract.js';
import { regionIndexAt, tunnelsOfRegion } from './world-map.js';

/** A route without its per-call id: a pure function of the request. */
export interface PlannedRoute {
  readonly durationMinutes: number;
  readonly segments: MapSegment[];
}

// Share of routes that go through at least one tunnel of their start region when nothing is
// avoided: high enough that a few hazmat trucks routed without `avoid` surely meet one.
const tunnelRouteShare = 0.6;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Plans a route deterministically from the truck id and both endpoints: 30 to about 900
 * minutes of road, and for most routes one or two tunnels of the start region. A tunnel listed in
 * `avoid` is replaced by a detour (a longer road segment). The random draws never depend on
 * `avoid`, so the same request with and without it differs only where a tunnel was avoided.
 */
export function planRoute(request: RouteRequest): PlannedRoute {
  const { from, to } = request;
  const key = `${request.truckId}|${from.lat.toFixed(6)},${from.lng.toFixed(6)}|${to.lat.toFixed(6)},${to.lng.toFixed(6)}`;
  const random = mulberry32(fnv1a(key));

  const roadMinutes = 30 + Math.floor(random() * 841);
  const region = regionIndexAt(from);
  const tunnels = region === null ? [] : tunnelsOfRegion(region);
  const wantsTunnels = random() < tunnelRouteShare;
  const tunnelCount = tunnels.length > 0 && wantsTunnels ? 1 + Math.floor(random() * Math.min(2, tunnels.length)) : 0;
  const firstTunnel = Math.floor(random() * Math.max(1, tunnels.length));

  // Road split into tunnelCount + 1 pieces with random weights, rounded so they sum exactly.
  const weights = Array.from({ length: tunnelCount + 1 }, () => 1 + random());
  const totalWeight = weights.reduce((sum, w) => sum + w, 0);
  const pieces: number[] = [];
  let assigned = 0;
  weights.forEach((weight, i) => {
    const minutes = i === weights.length - 1 ? roadMinutes - assigned : Math.max(1, Math.floor((roadMinutes * weight) / totalWeight));
    pieces.push(minutes);
    assigned += minutes;
  });

  const avoid = new Set(request.avoid ?? []);
  const segments: MapSegment[] = [];
  pieces.forEach((minutes, i) => {
    segments.push({ id: `seg-${segments.length + 1}`, kind: 'road', minutes });
    if (i >= tunnelCount) return;
    const tunnelId = tunnels[(firstTunnel + i) % tunnels.length] as string;
    const tunnelMinutes = 2 + Math.floor(random() * 10);
    const detourMinutes = tunnelMinutes * 4 + 20 + Math.floor(random() * 20);
    segments.push(
      avoid.has(tunnelId)
        ? { id: `seg-${segments.length + 1}`, kind: 'road', minutes: detourMinutes }
        : { id: `seg-${segments.length + 1}`, kind: 'tunnel', tunnelId, minutes: tunnelMinutes },
    );
  });

  return { durationMinutes: segments.reduce((sum, s) => sum + s.minutes, 0), segments };
}
