import { describe, expect, it } from 'vitest';
import type { RouteRequest } from '../../target-services/upstreams/map-api/map-api-contract.js';
import { planRoute } from '../../target-services/upstreams/map-api/route-planner.js';
import {
  regionIndexAt,
  regionIndexOf,
  regionName,
  regionOrigin,
  tunnelsOfRegion,
} from '../../target-services/upstreams/map-api/world-map.js';

const destination = { lat: 45.5, lng: 2.5 };

/** Requests from region-03 for many trucks: enough that some routes use tunnels and some do not. */
function requests(count: number): RouteRequest[] {
  const origin = regionOrigin(3);
  return Array.from({ length: count }, (_, i) => ({
    truckId: i + 1,
    from: { lat: origin.lat + 0.1 + (i % 10) * 0.08, lng: origin.lng + 0.1 + ((i * 7) % 10) * 0.08 },
    to: destination,
  }));
}

describe('world map', () => {
  it('names regions, finds them from coordinates and lists fixed tunnels', () => {
    expect(regionName(7)).toBe('region-07');
    expect(regionName(100)).toBe('region-100');
    expect(regionIndexOf('region-07')).toBe(7);
    expect(regionIndexOf('region-0')).toBeNull();
    for (const index of [1, 7, 20, 55, 100]) {
      const { lat, lng } = regionOrigin(index);
      expect(regionIndexAt({ lat: lat + 0.5, lng: lng + 0.5 })).toBe(index);
    }
    expect(regionIndexAt({ lat: 0, lng: 0 })).toBeNull();
    expect(tunnelsOfRegion(1)).toEqual(['tunnel-01-a', 'tunnel-01-b', 'tunnel-01-c']);
    expect(() => regionName(0)).toThrow(RangeError);
  });
});

describe('planRoute', () => {
  it('is a pure function of the truck and both endpoints', () => {
    for (const request of requests(50)) expect(planRoute(request)).toEqual(planRoute({ ...request }));
    const [a, b] = requests(2) as [RouteRequest, RouteRequest];
    expect(planRoute(a)).not.toEqual(planRoute({ ...a, truckId: 'other' }));
    expect(planRoute(a)).not.toEqual(planRoute({ ...a, to: b.from }));
  });

  it('keeps durations between 30 and about 900 minutes, the sum of the segments', () => {
    for (const request of requests(500)) {
      const plan = planRoute(request);
      expect(plan.durationMinutes).toBeGreaterThanOrEqual(30);
      expect(plan.durationMinutes).toBeLessThanOrEqual(1_000);
      expect(plan.segments.reduce((sum, s) => sum + s.minutes, 0)).toBe(plan.durationMinutes);
    }
  });

  it('routes most trips through tunnels of the start region, and detours around avoided ones', () => {
    const tunnels = tunnelsOfRegion(3);
    let throughTunnels = 0;
    for (const request of requests(200)) {
      const direct = planRoute(request);
      const used = direct.segments.filter((s) => s.kind === 'tunnel');
      for (const segment of used) expect(tunnels).toContain(segment.tunnelId);
      const avoiding = planRoute({ ...request, avoid: tunnels });
      expect(avoiding.segments.some((s) => s.kind === 'tunnel')).toBe(false);
      if (used.length === 0) {
        expect(avoiding).toEqual(direct);
        continue;
      }
      throughTunnels++;
      expect(avoiding.durationMinutes).toBeGreaterThan(direct.durationMinutes);
      // Avoiding one tunnel removes that one only.
      const partly = planRoute({ ...request, avoid: [used[0]?.tunnelId as string] });
      expect(partly.segments.filter((s) => s.kind === 'tunnel')).toHaveLength(used.length - 1);
    }
    expect(throughTunnels).toBeGreaterThan(80);
    expect(throughTunnels).toBeLessThan(160);
  });
});
