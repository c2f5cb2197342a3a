import { describe, expect, it } from 'vitest';
import { findAckViolations } from '../../target-services/route-optimizer/contract/acknowledgements.js';

describe('findAckViolations', () => {
  it('finds nothing when every acknowledgement is a distinct, persisted version', () => {
    const acks = [
      { truckId: 1, version: 1, routeId: 'a' },
      { truckId: 1, version: 2, routeId: 'b' },
      { truckId: 2, version: 1, routeId: 'c' },
    ];
    const rows = [
      { truckId: 1, version: 2, routeId: 'b' },
      { truckId: 2, version: 4, routeId: 'z' },
    ];
    expect(findAckViolations(acks, rows)).toEqual([]);
  });

  it('names each kind of violation', () => {
    const acks = [
      { truckId: 1, version: 1, routeId: 'a' },
      { truckId: 1, version: 1, routeId: 'b' },
      { truckId: 2, version: 5, routeId: 'c' },
      { truckId: 3, version: 2, routeId: 'd' },
      { truckId: 4, version: 1, routeId: 'e' },
    ];
    const rows = [
      { truckId: 1, version: 1, routeId: 'b' },
      { truckId: 2, version: 4, routeId: 'c' },
      { truckId: 3, version: 2, routeId: 'x' },
    ];
    expect(findAckViolations(acks, rows).map((v) => [v.kind, v.truckId])).toEqual([
      ['route-mismatch', 1],
      ['duplicate-version', 1],
      ['version-above-final', 2],
      ['route-mismatch', 3],
      ['missing-row', 4],
    ]);
  });
});
