import type { Acknowledgement } from './http-contract.js';

/** A truck's row after the run, as far as the acknowledgement check needs it. */
export interface FinalTruckRow {
  readonly truckId: number;
  readonly version: number;
  readonly routeId: string | null;
}

export type AckViolationKind =
  /** Two acknowledgements carry the same version: one assignment was silently overwritten. */
  | 'duplicate-version'
  /** An acknowledged version is above the row's final version: the row went backwards. */
  | 'version-above-final'
  /** The acknowledged version is the final one, but the row holds another route. */
  | 'route-mismatch'
  /** An acknowledged truck has no row at all. */
  | 'missing-row';

export interface AckViolation {
  readonly kind: AckViolationKind;
  readonly truckId: number;
  readonly version: number;
  readonly detail: string;
}

/**
 * Checks every acknowledged assignment against the final rows: the "every acknowledged
 * assignment persisted" invariant of the Black Friday routing incident. Pure, so a scenario's
 * invariant and the service tests share one definition.
 */
export function findAckViolations(acks: Iterable<Acknowledgement>, finalRows: Iterable<FinalTruckRow>): AckViolation[] {
  const rows = new Map<number, FinalTruckRow>();
  for (const row of finalRows) rows.set(row.truckId, row);
  const seen = new Map<number, Map<number, string>>();
  const violations: AckViolation[] = [];

  for (const ack of acks) {
    const { truckId, version, routeId } = ack;
    const versions = seen.get(truckId) ?? new Map<number, string>();
    seen.set(truckId, versions);
    const earlier = versions.get(version);
    if (earlier !== undefined) {
      violations.push({
        kind: 'duplicate-version',
        truckId,
        version,
        detail: `routes ${earlier} and ${routeId} both acknowledged as v${version}`,
      });
    } else {
      versions.set(version, routeId);
    }

    const row = rows.get(truckId);
    if (!row) {
      violations.push({ kind: 'missing-row', truckId, version, detail: 'no such truck in the final rows' });
    } else if (version > row.version) {
      violations.push({ kind: 'version-above-final', truckId, version, detail: `final version is ${row.version}` });
    } else if (version === row.version && routeId !== row.routeId) {
      violations.push({
        kind: 'route-mismatch',
        truckId,
        version,
        detail: `acknowledged ${routeId}, row holds ${row.routeId ?? 'no route'}`,
      });
    }
  }
  return violations;
}
