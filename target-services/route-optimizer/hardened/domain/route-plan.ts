import { DomainError } from './domain-error.js';
import type { Truck } from './truck.js';

export interface RouteSegment {
  readonly id: string;
  readonly kind: 'road' | 'tunnel';
  readonly tunnelId?: string;
  readonly minutes: number;
}

/** A route as the map proposed it. */
export interface RoutePlan {
  readonly routeId: string;
  readonly durationMinutes: number;
  readonly segments: readonly RouteSegment[];
}

/** Driving minutes must be whole, finite and not negative. */
export function assertDrivingMinutes(minutes: number, what = 'duration'): void {
  if (!Number.isInteger(minutes) || minutes < 0) {
    throw new DomainError('ROUTE_OPTIMIZER_INVALID_DURATION', `${what} must be a whole number of minutes >= 0, got ${minutes}`);
  }
}

/** The tunnels a truck must be kept out of: all of its region's for hazmat, none otherwise. */
export function tunnelsToAvoid(truck: Pick<Truck, 'hazmat'>, regionTunnels: readonly string[]): readonly string[] {
  return truck.hazmat ? regionTunnels : [];
}

/**
 * Accepts a plan for a truck or says why not. A hazmat truck may not enter any tunnel: the map is
 * asked to avoid them, and this check is what holds even if the map (or the restriction list)
 * gets it wrong.
 */
export function validateRoutePlan(plan: RoutePlan, truck: Pick<Truck, 'id' | 'hazmat'>): void {
  if (plan.routeId === '') throw new DomainError('ROUTE_OPTIMIZER_INVALID_ROUTE', `route for truck ${truck.id} has no id`);
  if (plan.segments.length === 0) throw new DomainError('ROUTE_OPTIMIZER_INVALID_ROUTE', `route ${plan.routeId} has no segments`);
  assertDrivingMinutes(plan.durationMinutes, `duration of route ${plan.routeId}`);
  let total = 0;
  for (const segment of plan.segments) {
    assertDrivingMinutes(segment.minutes, `segment ${segment.id} of route ${plan.routeId}`);
    total += segment.minutes;
  }
  if (total !== plan.durationMinutes) {
    throw new DomainError(
      'ROUTE_OPTIMIZER_INVALID_ROUTE',
      `route ${plan.routeId} lasts ${plan.durationMinutes} min but its segments add up to ${total}`,
    );
  }
  if (truck.hazmat) {
    const tunnel = plan.segments.find((segment) => segment.kind === 'tunnel');
    if (tunnel) {
      throw new DomainError(
        'ROUTE_OPTIMIZER_HAZMAT_TUNNEL',
        `hazmat truck ${truck.id} cannot take route ${plan.routeId}: it goes through ${tunnel.tunnelId ?? 'a tunnel'}`,
      );
    }
  }
}
