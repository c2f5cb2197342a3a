import type pg from 'pg';
import type { ChaosAction } from '../scenario/scenario-types.js';
import type { ChaosEffects } from './chaos-timeline.js';
import type { ProxyFleet } from './proxies.js';
import type { ServiceProcess } from './service-process.js';

/** The running parts a chaos action can reach. */
export interface ChaosTargets {
  readonly fleet: ProxyFleet;
  readonly db: pg.Pool;
  /** Instance slots, 1-based in actions; a killed slot holds null until restarted. */
  readonly instances: (ServiceProcess | null)[];
  /** Starts a fresh process for slot `index` (same INSTANCE_ID and environment). */
  start(index: number): Promise<ServiceProcess>;
  /** Called after the set of live instances changed: load targets and probes follow it. */
  changed(fresh?: ServiceProcess): void;
}

function slot(targets: ChaosTargets, instance: number): number {
  if (instance < 1 || instance > targets.instances.length)
    throw new Error(`no instance ${instance} (there are ${targets.instances.length})`);
  return instance - 1;
}

/** Carries chaos actions out against Toxiproxy, the service processes and the database. */
export function chaosEffects(targets: ChaosTargets): ChaosEffects {
  const kill = (index: number) => {
    targets.instances[index]?.kill();
    targets.instances[index] = null;
    // A load balancer takes a dead instance out of rotation; the requests it had in flight fail.
    targets.changed();
  };
  return {
    async apply(action: ChaosAction, name: string) {
      switch (action.type) {
        case 'toxic':
          return targets.fleet.addToxic(action.proxy, action.toxic, name);
        case 'disable-proxy':
          return targets.fleet.setEnabled(action.proxy, false);
        case 'kill-instance':
          return kill(slot(targets, action.instance));
        case 'restart-instance': {
          // A crash and the orchestrator's restart: SIGKILL, then a new process in the same slot.
          const index = slot(targets, action.instance);
          kill(index);
          const fresh = await targets.start(index);
          targets.instances[index] = fresh;
          targets.changed(fresh);
          return;
        }
        case 'sql':
          await targets.db.query(action.sql);
          return;
      }
    },
    async undo(action: ChaosAction, name: string) {
      if (action.type === 'toxic') await targets.fleet.removeToxic(action.proxy, name);
      else if (action.type === 'disable-proxy') await targets.fleet.setEnabled(action.proxy, true);
    },
  };
}
