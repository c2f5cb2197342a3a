import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processTagEnv } from '../../harness/common/process-tag.js';

export interface ProcessInfo {
  readonly pid: number;
  readonly command: string;
  readonly cwd: string;
}

/**
 * The tag of this suite run: test/global-setup.ts sets STAMPEDE_PROCESS_TAG before any worker
 * starts, so every test process, and every process they spawn, carries it.
 */
export const suiteTag = process.env[processTagEnv] ?? 'stampede-test';

/** Every state dir a test of this suite creates starts with this prefix (see state-dir.ts). */
export const testRootPrefix = join(tmpdir(), `${suiteTag}-`);

function environOf(pid: string): string[] {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/**
 * Lists live processes (zombies excluded) this suite started: those whose environment carries
 * the suite's tag (services, upstreams and the servers, which inherit it), and those whose cwd
 * lies under one of the suite's state dirs (PostgreSQL and PgBouncer run as `postgres` through a
 * user switch that may not keep the environment). vitest's own processes and this one are left
 * out; another suite's processes carry another tag and other state dirs.
 */
export function listOwnedProcesses(tag = suiteTag, prefix = testRootPrefix): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  const marker = `${processTagEnv}=${tag}`;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(close + 2, close + 3) === 'Z') continue;
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (/node_modules\/(vitest|tinypool)|\/vitest\.mjs/.test(cmdline)) continue;
      if (cwd.startsWith(prefix) || environOf(entry).includes(marker)) {
        found.push({ pid: Number(entry), command: stat.slice(stat.indexOf('(') + 1, close), cwd });
      }
    } catch {
      // the process ended while we were looking, or is not ours to read
    }
  }
  return found;
}
