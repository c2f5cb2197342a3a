import { setMaxListeners } from 'node:events';
import { planAssignment, type RouteAssignment } from '../domain/route-assignment.js';
import { tunnelsToAvoid } from '../domain/route-plan.js';
import type { Coordinates, Truck } from '../domain/truck.js';
import { writeBatches } from '../domain/write-batches.js';
import { ApplicationError, abortedError } from './application-error.js';
import { type BoundedRun, mapBounded } from './bounded-map.js';
import type { MapRoutingService } from './ports/map-routing.js';
import type { TruckRepository, WrittenAssignment } from './ports/truck-repository.js';
import type { TunnelRestrictions } from './ports/tunnel-restrictions.js';

export interface AssignRegionRoutesDeps {
  readonly trucks: TruckRepository;
  readonly map: MapRoutingService;
  readonly restrictions: TunnelRestrictions;
  /** Map calls in flight for one request (the map adapter also caps the whole instance). */
  readonly routingConcurrency: number;
  /** Rows per write transaction. */
  readonly batchSize: number;
}

export interface RegionAssignmentResult {
  readonly region: string;
  readonly assigned: readonly WrittenAssignment[];
  readonly conflicts: number;
  readonly unrouted: number;
}

/**
 * Gives every truck of a region a new route. Two phases, so that no lock is held while waiting
 * for the map: first the routes are computed (bounded fan-out, within a share of the deadline),
 * then the accepted ones are written batch by batch in id order, each row only if it did not
 * change meanwhile. Only what was written is acknowledged.
 */
export class AssignRegionRoutes {
  readonly #deps: AssignRegionRoutesDeps;

  constructor(deps: AssignRegionRoutesDeps) {
    this.#deps = deps;
  }

  /**
   * `signal` ends the whole job (request deadline, shutdown, client gone): nothing more is
   * written. Routing alone stops after `routingBudgetMs`, and what was routed by then is written:
   * a slow map makes a region job partial (`unrouted`), not failed.
   */
  async execute(region: string, destination: Coordinates, signal: AbortSignal, routingBudgetMs: number): Promise<RegionAssignmentResult> {
    const { trucks, map, routingConcurrency, batchSize } = this.#deps;
    const fleet = await trucks.findByRegion(region);
    if (fleet.length === 0) return { region, assigned: [], conflicts: 0, unrouted: 0 };
    const regionTunnels = await this.#regionTunnels(region, fleet);

    const budget = new AbortController();
    // Every map call in flight and every caller queued for a map slot listens to this signal.
    setMaxListeners(1_000, budget.signal);
    const spent = setTimeout(() => budget.abort(new DOMException('routing budget spent', 'TimeoutError')), routingBudgetMs);
    const forward = () => budget.abort(signal.reason);
    signal.addEventListener('abort', forward, { once: true });
    let run: BoundedRun<RouteAssignment>;
    try {
      run = await mapBounded(fleet, routingConcurrency, budget.signal, async (truck) => {
        // Without the restriction list a hazmat truck cannot be routed safely: it is left out.
        if (truck.hazmat && regionTunnels === null) {
          throw new ApplicationError('ROUTE_OPTIMIZER_RESTRICTIONS_UNAVAILABLE', `no tunnel list for ${region}`);
        }
        const plan = await map.getRoute(
          { truckId: truck.id, from: truck.location, to: destination, avoidTunnels: tunnelsToAvoid(truck, regionTunnels ?? []) },
          budget.signal,
        );
        return planAssignment(truck, plan);
      });
    } finally {
      clearTimeout(spent);
      signal.removeEventListener('abort', forward);
    }
    if (signal.aborted) throw abortedError(signal);

    const accepted = run.results.flatMap((outcome) => (outcome?.ok ? [outcome.value] : []));
    const unrouted = fleet.length - accepted.length;
    if (accepted.length === 0) {
      if (budget.signal.aborted) throw abortedError(budget.signal);
      const failed = run.results.find((outcome) => outcome && !outcome.ok);
      throw new ApplicationError('ROUTE_OPTIMIZER_UPSTREAM_FAILED', `no truck of ${region} could be routed`, {
        cause: failed && !failed.ok ? failed.error : undefined,
      });
    }

    const assigned: WrittenAssignment[] = [];
    let conflicts = 0;
    for (const batch of writeBatches(accepted, batchSize)) {
      const outcome = await trucks.applyAssignments(batch);
      assigned.push(...outcome.written);
      conflicts += outcome.conflicted.length;
    }
    return { region, assigned, conflicts, unrouted };
  }

  /** The region's tunnels when a hazmat truck needs them; null when they cannot be read. */
  async #regionTunnels(region: string, fleet: readonly Truck[]): Promise<readonly string[] | null> {
    if (!fleet.some((truck) => truck.hazmat)) return [];
    try {
      return await this.#deps.restrictions.tunnelsOf(region);
    } catch {
      return null;
    }
  }
}
