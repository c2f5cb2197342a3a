import { listOwnedProcesses } from './helpers/process-census.js';

/**
 * Suite-wide guard: every server a test starts must be gone when the suite ends. Records the
 * processes that existed before, and fails the run if a test left one of its own behind.
 */
export default function setup(): () => void {
  const before = new Set(listOwnedProcesses().map((p) => p.pid));
  return () => {
    const leaked = listOwnedProcesses().filter((p) => !before.has(p.pid));
    if (leaked.length > 0) {
      throw new Error(`the suite left processes behind: ${leaked.map((p) => `${p.pid} ${p.command}`).join('; ')}`);
    }
  };
}
