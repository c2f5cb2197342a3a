import type { ChaosAction, ToxicSpec } from '../scenario/scenario-types.js';
import type { ChaosEffects } from './chaos-timeline.js';

/** The fault proxies a toxic or an outage goes through (ProxyFleet is the Toxiproxy adapter). */
export interface FaultProxies {
  addToxic(proxy: string, toxic: ToxicSpec, toxicName: string): Promise<void>;
  removeToxic(proxy: string, toxicName: string): Promise<void>;
  setEnabled(proxy: string, enabled: boolean): Promise<void>;
}

/** What chaos needs of a running instance: to be killed by its PID like a crash. */
export interface ChaosInstance {
  kill(): void;
}

/** The running parts a chaos action can reach. */
export interface ChaosTargets<I extends ChaosInstance> {
  readonly proxies: FaultProxies;
  /** Runs a chaos `sql` step (directly on PostgreSQL: a migration is not slowed by the faults it causes). */
  readonly db: { query(sql: string): Promise<unknown> };
  /** Instance slots, 1-based in actions; a killed slot holds null until restarted. */
  readonly instances: (I | null)[];
  /** Starts a fresh process for slot `index` (same INSTANCE_ID and environment). */
  start(index: number): Promise<I>;
  /** Called after the set of live instances changed: load targets and probes follow it. */
  changed(fresh?: I): void;
}

function slot(instances: readonly unknown[], instance: number): number {
  if (instance < 1 || instance > instances.length) throw new Error(`no instance ${instance} (there are ${instances.length})`);
  return instance - 1;
}

/** Carries chaos actions out against Toxiproxy, the service processes and the database. */
export function chaosEffects<I extends ChaosInstance>(targets: ChaosTargets<I>): ChaosEffects {
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
          return targets.proxies.addToxic(action.proxy, action.toxic, name);
        case 'disable-proxy':
          return targets.proxies.setEnabled(action.proxy, false);
        case 'kill-instance':
          return kill(slot(targets.instances, action.instance));
        case 'restart-instance': {
          // A crash and the orchestrator's restart: SIGKILL, then a new process in the same slot.
          const index = slot(targets.instances, action.instance);
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
      if (action.type === 'toxic') await targets.proxies.removeToxic(action.proxy, name);
      else if (action.type === 'disable-proxy') await targets.proxies.setEnabled(action.proxy, true);
    },
  };
}
