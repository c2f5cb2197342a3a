import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

/** The fields of /proc/<pid>/stat a process probe needs (times in clock ticks, RSS in pages). */
export interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  readonly utime: number;
  readonly stime: number;
  /** CPU time of children this process has waited for: a postmaster's reaped backends. */
  readonly cutime: number;
  readonly cstime: number;
  /** Field 22: with the pid it names one process for the machine's uptime. */
  readonly startTicks: number;
  readonly rssPages: number;
}

/**
 * Parses one /proc/<pid>/stat line. The command name (field 2) may hold spaces and parentheses,
 * so the fields are counted from the last `)`.
 */
export function parseProcStat(text: string): ProcStat {
  const close = text.lastIndexOf(')');
  const pid = Number.parseInt(text, 10);
  if (close === -1 || !Number.isInteger(pid)) throw new Error('not a /proc/<pid>/stat line');
  // After `)`: field 3 (state) is index 0, so field n is index n - 3.
  const fields = text
    .slice(close + 2)
    .trim()
    .split(' ');
  const field = (n: number): number => {
    const value = Number(fields[n - 3]);
    if (!Number.isFinite(value)) throw new Error(`field ${n} missing from /proc/${pid}/stat`);
    return value;
  };
  return {
    pid,
    ppid: field(4),
    utime: field(14),
    stime: field(15),
    cutime: field(16),
    cstime: field(17),
    startTicks: field(22),
    rssPages: field(24),
  };
}

/** The stat of a live process, or null when it is gone (or not visible). */
export async function readProcStat(pid: number): Promise<ProcStat | null> {
  try {
    return parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Direct children of `pid`: from /proc/<pid>/task/<tid>/children where the kernel offers it
 * (CONFIG_PROC_CHILDREN), otherwise by reading the parent pid of every process in /proc.
 */
export async function childrenOf(pid: number): Promise<ProcStat[]> {
  const viaTasks = await childrenViaTasks(pid);
  const pids = viaTasks ?? (await scanChildren(pid));
  const stats = await Promise.all(pids.map(readProcStat));
  return stats.filter((s): s is ProcStat => s !== null && s.ppid === pid);
}

async function childrenViaTasks(pid: number): Promise<number[] | null> {
  try {
    const tasks = await readdir(`/proc/${pid}/task`);
    const lists = await Promise.all(tasks.map((tid) => readFile(`/proc/${pid}/task/${tid}/children`, 'utf8')));
    return lists.flatMap((list) => list.split(' ').filter(Boolean).map(Number));
  } catch {
    return null;
  }
}

async function scanChildren(pid: number): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const stats = await Promise.all(entries.filter((e) => /^\d+$/.test(e)).map((e) => readProcStat(Number(e))));
  return stats.filter((s): s is ProcStat => s !== null && s.ppid === pid).map((s) => s.pid);
}

export interface SystemConstants {
  /** USER_HZ: clock ticks per second in /proc times. */
  readonly clockTicks: number;
  readonly pageSize: number;
}

let constants: SystemConstants | undefined;

function getconf(name: string, fallback: number): number {
  try {
    const value = Number(execFileSync('getconf', [name], { encoding: 'utf8', timeout: 2000 }).trim());
    return Number.isInteger(value) && value > 0 ? value : fallback;
  } catch {
    return fallback;
  }
}

/** CLK_TCK and PAGESIZE, asked of getconf once per process (100 and 4096 when it cannot answer). */
export function systemConstants(): SystemConstants {
  constants ??= { clockTicks: getconf('CLK_TCK', 100), pageSize: getconf('PAGESIZE', 4096) };
  return constants;
}
