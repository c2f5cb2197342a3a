import { finalEtaMinutes } from './hazmat-eta.js';
import { type RoutePlan, type RouteSegment, validateRoutePlan } from './route-plan.js';
import type { Truck } from './truck.js';

/** A route accepted for a truck, to be written only if the truck is still at `expectedVersion`. */
export interface RouteAssignment {
  readonly truckId: number;
  readonly expectedVersion: number;
  readonly routeId: string;
  readonly segments: readonly RouteSegment[];
  readonly etaMinutes: number;
}

/** Validates the plan for this truck and computes its ETA; throws a DomainError if refused. */
export function planAssignment(truck: Truck, plan: RoutePlan): RouteAssignment {
  validateRoutePlan(plan, truck);
  return {
    truckId: truck.id,
    expectedVersion: truck.version,
    routeId: plan.routeId,
    segments: plan.segments,
    etaMinutes: finalEtaMinutes(plan.durationMinutes, truck),
  };
}
