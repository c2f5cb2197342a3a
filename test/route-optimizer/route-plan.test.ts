import { describe, expect, it } from 'vitest';
import { DomainError } from '../../target-services/route-optimizer/hardened/domain/domain-error.js';
import { planAssignment } from '../../target-services/route-optimizer/hardened/domain/route-assignment.js';
import { type RoutePlan, tunnelsToAvoid, validateRoutePlan } from '../../target-services/route-optimizer/hardened/domain/route-plan.js';
import type { Truck } from '../../target-services/route-optimizer/hardened/domain/truck.js';
import { writeBatches } from '../../target-services/route-optimizer/hardened/domain/write-batches.js';

const truck = (overrides: Partial<Truck> = {}): Truck => ({
  id: 7,
  region: 'region-01',
  location: { lat: 40.5, lng: -4.5 },
  hazmat: false,
  version: 3,
  ...overrides,
});

const roadOnly: RoutePlan = {
  routeId: 'r-1',
  durationMinutes: 500,
  segments: [
    { id: 'seg-1', kind: 'road', minutes: 200 },
    { id: 'seg-2', kind: 'road', minutes: 300 },
  ],
};

const throughTunnel: RoutePlan = {
  routeId: 'r-2',
  durationMinutes: 505,
  segments: [
    { id: 'seg-1', kind: 'road', minutes: 200 },
    { id: 'seg-2', kind: 'tunnel', tunnelId: 'tunnel-01-a', minutes: 5 },
    { id: 'seg-3', kind: 'road', minutes: 300 },
  ],
};

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (err) {
    return err instanceof DomainError ? err.code : `not a DomainError: ${String(err)}`;
  }
  return undefined;
}

describe('route plan validation', () => {
  it('refuses a tunnel for a hazmat truck and accepts it for any other', () => {
    expect(codeOf(() => validateRoutePlan(throughTunnel, truck({ hazmat: true })))).toBe('ROUTE_OPTIMIZER_HAZMAT_TUNNEL');
    expect(codeOf(() => validateRoutePlan(throughTunnel, truck()))).toBeUndefined();
    expect(codeOf(() => validateRoutePlan(roadOnly, truck({ hazmat: true })))).toBeUndefined();
  });

  it('refuses plans that do not hang together', () => {
    const broken: [RoutePlan, string][] = [
      [{ ...roadOnly, segments: [] }, 'ROUTE_OPTIMIZER_INVALID_ROUTE'],
      [{ ...roadOnly, routeId: '' }, 'ROUTE_OPTIMIZER_INVALID_ROUTE'],
      [{ ...roadOnly, durationMinutes: 499 }, 'ROUTE_OPTIMIZER_INVALID_ROUTE'],
      [{ ...roadOnly, durationMinutes: -500 }, 'ROUTE_OPTIMIZER_INVALID_DURATION'],
      [{ ...roadOnly, durationMinutes: Number.NaN }, 'ROUTE_OPTIMIZER_INVALID_DURATION'],
      [{ ...roadOnly, segments: [{ id: 's', kind: 'road', minutes: -1 }], durationMinutes: -1 }, 'ROUTE_OPTIMIZER_INVALID_DURATION'],
    ];
    for (const [plan, code] of broken) expect(codeOf(() => validateRoutePlan(plan, truck()))).toBe(code);
  });

  it('asks the map to avoid every tunnel of the region for hazmat trucks only', () => {
    const tunnels = ['tunnel-01-a', 'tunnel-01-b'];
    expect(tunnelsToAvoid(truck({ hazmat: true }), tunnels)).toEqual(tunnels);
    expect(tunnelsToAvoid(truck(), tunnels)).toEqual([]);
  });
});

describe('planAssignment', () => {
  it('carries the version the truck was read at and the domain ETA', () => {
    expect(planAssignment(truck({ hazmat: true }), roadOnly)).toEqual({
      truckId: 7,
      expectedVersion: 3,
      routeId: 'r-1',
      segments: roadOnly.segments,
      etaMinutes: 500 + 2 * 120,
    });
    expect(planAssignment(truck(), roadOnly).etaMinutes).toBe(500);
  });

  it('never produces an assignment of a tunnel route for a hazmat truck', () => {
    expect(codeOf(() => planAssignment(truck({ hazmat: true }), throughTunnel))).toBe('ROUTE_OPTIMIZER_HAZMAT_TUNNEL');
  });
});

describe('writeBatches', () => {
  it('sorts by truck id across batches, so every writer locks rows in one global order', () => {
    const items = [9, 3, 7, 1, 8, 2, 5].map((truckId) => ({ truckId }));
    expect(writeBatches(items, 3).map((batch) => batch.map((i) => i.truckId))).toEqual([[1, 2, 3], [5, 7, 8], [9]]);
    expect(writeBatches([], 500)).toEqual([]);
  });

  it('refuses a batch size that is not a positive integer', () => {
    expect(() => writeBatches([{ truckId: 1 }], 0)).toThrow(RangeError);
  });
});
