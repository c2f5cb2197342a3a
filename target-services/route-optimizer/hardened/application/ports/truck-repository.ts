import type { RouteAssignment } from '../../domain/route-assignment.js';
import type { Truck } from '../../domain/truck.js';

/** An assignment the database took: the truck now holds this route as this version. */
export interface WrittenAssignment {
  readonly truckId: number;
  readonly version: number;
  readonly routeId: string;
}

export interface WriteOutcome {
  readonly written: readonly WrittenAssignment[];
  /** Trucks whose version moved since they were read: nothing written for them. */
  readonly conflicted: readonly number[];
}

/** Where trucks live. Failures reject with an ApplicationError (DB busy or unavailable). */
export interface TruckRepository {
  findById(truckId: number): Promise<Truck | null>;
  findByRegion(region: string): Promise<Truck[]>;
  /**
   * Writes one batch atomically, each row only if it is still at its `expectedVersion`, and says
   * which rows were written (with the version written) and which had moved.
   */
  applyAssignments(batch: readonly RouteAssignment[]): Promise<WriteOutcome>;
}
