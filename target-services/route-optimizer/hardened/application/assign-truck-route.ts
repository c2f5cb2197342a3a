import { planAssignment } from '../domain/route-assignment.js';
import { tunnelsToAvoid } from '../domain/route-plan.js';
import type { Coordinates } from '../domain/truck.js';
import { ApplicationError, abortedError } from './application-error.js';
import type { MapRoutingService } from './ports/map-routing.js';
import type { TruckRepository, WrittenAssignment } from './ports/truck-repository.js';
import type { TunnelRestrictions } from './ports/tunnel-restrictions.js';

export interface AssignTruckRouteDeps {
  readonly trucks: TruckRepository;
  readonly map: MapRoutingService;
  readonly restrictions: TunnelRestrictions;
  /** Tries in all when the truck changes while its route is computed (read, route, write again). */
  readonly attemptsOnConflict: number;
}

export interface TruckAssignmentResult extends WrittenAssignment {
  readonly etaMinutes: number;
  readonly hazmat: boolean;
}

/**
 * The hexagonal form of the story's `calculateHazmatRouteAndEta`: load the truck, keep hazmat
 * trucks out of the region's tunnels, let the domain accept the route and compute the ETA, then
 * write it only if the truck is still at the version it was read at.
 */
export class AssignTruckRoute {
  readonly #deps: AssignTruckRouteDeps;

  constructor(deps: AssignTruckRouteDeps) {
    this.#deps = deps;
  }

  async execute(truckId: number, destination: Coordinates, signal: AbortSignal): Promise<TruckAssignmentResult> {
    const { trucks, map, restrictions, attemptsOnConflict } = this.#deps;
    for (let attempt = 1; ; attempt++) {
      const truck = await trucks.findById(truckId);
      if (!truck) throw new ApplicationError('ROUTE_OPTIMIZER_TRUCK_NOT_FOUND', `truck ${truckId} does not exist`);
      const regionTunnels = truck.hazmat ? await restrictions.tunnelsOf(truck.region) : [];
      let plan: Awaited<ReturnType<MapRoutingService['getRoute']>>;
      try {
        plan = await map.getRoute(
          { truckId, from: truck.location, to: destination, avoidTunnels: tunnelsToAvoid(truck, regionTunnels) },
          signal,
        );
      } catch (error) {
        if (signal.aborted) throw abortedError(signal);
        throw error;
      }
      const assignment = planAssignment(truck, plan);
      const outcome = await trucks.applyAssignments([assignment]);
      const written = outcome.written[0];
      if (written) return { ...written, etaMinutes: assignment.etaMinutes, hazmat: truck.hazmat };
      if (attempt >= attemptsOnConflict || signal.aborted) {
        throw new ApplicationError('ROUTE_OPTIMIZER_VERSION_CONFLICT', `truck ${truckId} kept changing while its route was computed`);
      }
    }
  }
}
