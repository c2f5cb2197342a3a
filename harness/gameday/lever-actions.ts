import type { ChaosRun } from '../chaos/chaos-timeline.js';
import type { InstanceFleet } from './instance-fleet.js';
import type { GameDayFault, LeverAction } from './plan-types.js';

export interface LeverTargets {
  readonly fleet: InstanceFleet;
  readonly chaos: ChaosRun;
  readonly faults: readonly GameDayFault[];
  /** Told before a fault is cancelled by a lever, so the debrief says who ended it. */
  readonly endedByLever: (fault: string) => void;
}

const onProxy = (fault: GameDayFault, proxy: string) =>
  (fault.action.type === 'toxic' || fault.action.type === 'disable-proxy') && fault.action.proxy === proxy;

/** Carries a lever out against the running system; returns what it did, in words. */
export async function pullLever(action: LeverAction, targets: LeverTargets): Promise<string> {
  switch (action.type) {
    case 'restart-instance':
      return targets.fleet.restart(action.instance);
    case 'kill-instance':
      return targets.fleet.kill(action.instance);
    case 'scale':
      return targets.fleet.scale(action.to);
    case 'switch-variant':
      return targets.fleet.switchTo(action.to);
    case 'set-env':
      return targets.fleet.setEnv(action.key, action.value);
    case 'remove-toxic': {
      // Only the game's faults: the scenario's background (a provider's usual latency) stays.
      const active = new Set(targets.chaos.active());
      const found = targets.faults.filter((f) => active.has(f.name) && onProxy(f, action.proxy));
      for (const fault of found) {
        targets.endedByLever(fault.name);
        await targets.chaos.cancel(fault.name, 'live');
      }
      return found.length === 0
        ? `no fault on ${action.proxy} to remove`
        : `removed from ${action.proxy}: ${found.map((f) => f.name).join(', ')}`;
    }
  }
}

/** A lever in words, for the pages and the debrief. */
export function describeLever(action: LeverAction): string {
  switch (action.type) {
    case 'restart-instance':
      return `restart instance ${action.instance}`;
    case 'kill-instance':
      return `kill instance ${action.instance}`;
    case 'scale':
      return `scale to ${action.to} instance(s)`;
    case 'switch-variant':
      return `switch traffic to the ${action.to} variant`;
    case 'remove-toxic':
      return `remove the fault on ${action.proxy}`;
    case 'set-env':
      return `set ${action.key}=${action.value} and restart`;
  }
}
