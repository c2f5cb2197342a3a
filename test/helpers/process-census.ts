import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ProcessInfo {
  readonly pid: number;
  readonly command: string;
  readonly cwd: string;
}

/** Every state dir a test creates starts with this prefix (see state-dir.ts). */
export const testRootPrefix = join(tmpdir(), 'stampede-test-');

/**
 * Lists live processes (zombies excluded) whose working directory lies under a test state dir:
 * each server the native provider starts runs with its cwd in the state dir, and PostgreSQL's
 * children inherit it, so this finds exactly what tests started and nothing of a developer's own.
 */
export function listOwnedProcesses(prefix = testRootPrefix): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(close + 2, close + 3) === 'Z') continue;
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      if (cwd.startsWith(prefix)) found.push({ pid: Number(entry), command: stat.slice(stat.indexOf('(') + 1, close), cwd });
    } catch {
      // the process ended while we were looking, or is not ours to read
    }
  }
  return found;
}
