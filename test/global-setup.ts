import { randomBytes } from 'node:crypto';
import { processTagEnv } from '../harness/common/process-tag.js';

/**
 * Suite-wide guard: every process a test starts must be gone when the suite ends. Tags this
 * suite run (STAMPEDE_PROCESS_TAG, inherited by the workers and everything they spawn, and part
 * of every test state dir's name), records the tagged processes that existed before, and fails
 * the run if a test left one behind. Another suite on the same machine has another tag.
 */
export default async function setup(): Promise<() => void> {
  process.env[processTagEnv] = `stampede-test-${randomBytes(4).toString('hex')}`;
  // Read after the tag is set: the census module takes the tag when it loads.
  const { listOwnedProcesses } = await import('./helpers/process-census.js');
  const before = new Set(listOwnedProcesses().map((p) => p.pid));
  return () => {
    const leaked = listOwnedProcesses().filter((p) => !before.has(p.pid));
    if (leaked.length > 0) {
      throw new Error(`the suite left processes behind: ${leaked.map((p) => `${p.pid} ${p.command} (cwd ${p.cwd})`).join('; ')}`);
    }
  };
}
