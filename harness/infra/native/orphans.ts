import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { sep } from 'node:path';
import { stopProcess } from './processes.js';

export interface Orphan {
  readonly pid: number;
  readonly command: string;
}

interface Seen extends Orphan {
  readonly parent: number;
  readonly startTicks: number;
}

function inspect(pid: number): Seen | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
    return { pid, command: stat.slice(stat.indexOf('(') + 1, close), parent: Number(fields[1]), startTicks: Number(fields[19]) };
  } catch {
    return undefined;
  }
}

const under = (path: string, dirs: readonly string[]) => dirs.some((d) => path === d || path.startsWith(d.endsWith(sep) ? d : d + sep));

/**
 * Servers of a stack that no state file names: an `up` killed between spawning a server and
 * recording it leaves one running. Every server the native provider starts runs with its working
 * directory inside the state dir (PostgreSQL: inside its data dir), which is what finds them; of a
 * process tree only the top is returned (PostgreSQL's backends go with their postmaster).
 */
export function findOrphans(dirs: readonly string[]): Orphan[] {
  const found: Seen[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    let cwd: string;
    try {
      cwd = readlinkSync(`/proc/${entry}/cwd`);
    } catch {
      continue;
    }
    if (!under(cwd, dirs)) continue;
    const seen = inspect(pid);
    if (seen) found.push(seen);
  }
  const pids = new Set(found.map((p) => p.pid));
  return found.filter((p) => !pids.has(p.parent)).map(({ pid, command }) => ({ pid, command }));
}

/** Ends the orphans by PID (PostgreSQL with its fast-shutdown SIGINT, the rest with SIGTERM, SIGKILL after a grace). */
export async function reapOrphans(dirs: readonly string[]): Promise<Orphan[]> {
  const orphans = findOrphans(dirs);
  await Promise.all(
    orphans.map((o) => {
      const seen = inspect(o.pid);
      if (!seen) return undefined;
      return stopProcess(
        { pid: o.pid, startTicks: seen.startTicks, binary: o.command, logFile: '' },
        o.command === 'postgres' ? 'SIGINT' : 'SIGTERM',
      );
    }),
  );
  return orphans;
}
