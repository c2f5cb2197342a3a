import type { StackPorts } from '../settings/stack-settings.js';
import type { UpResult } from './provider.js';
import { readStackStatus } from './stack-status.js';
import type { ComponentName, ComponentRecord, ProviderName, StackState } from './stack-types.js';
import { StateStore } from './state-store.js';

/**
 * Records a stack that somebody else runs (docker compose, external URLs) in the state dir, so that
 * `status` and `down` work from another process, and reads its status back.
 */
export async function recordStack(
  stateDir: string,
  provider: Exclude<ProviderName, 'native'>,
  ports: StackPorts,
  components: Record<ComponentName, ComponentRecord>,
  startedAtMs: number,
  facts: Pick<StackState, 'upstreamBindHost'> = {},
): Promise<UpResult> {
  const store = new StateStore(stateDir);
  const state: StackState = {
    schema: 1,
    provider,
    stateDir: store.dir,
    ports,
    startedAt: new Date(startedAtMs).toISOString(),
    startupMs: Date.now() - startedAtMs,
    components,
    dataDir: '',
    ...facts,
  };
  store.write(state);
  return { state, alreadyRunning: false, status: await readStackStatus(state, store.file) };
}
