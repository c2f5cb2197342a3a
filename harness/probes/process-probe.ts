import { StampedeError } from '../errors/stampede-error.js';
import { withDeltas } from './counter-deltas.js';
import type { Probe, ProbeValues } from './probe.js';
import { childrenOf, type ProcStat, readProcStat, systemConstants } from './proc-stat.js';

/** A process to watch: its pid, and whether its direct children count as part of it (PostgreSQL's backends). */
export type WatchedProcess = number | { readonly pid: number; readonly includeChildren?: boolean };

export interface ProcessProbe extends Probe {
  /** Replaces the watched processes by name (`{ 'naive-1': 1234, postgres: { pid: 55, includeChildren: true } }`). */
  setPids(pids: Readonly<Record<string, WatchedProcess>>): void;
}

export interface ProcessProbeOptions {
  /** Series prefix; default `process`. */
  readonly name?: string;
  readonly pids?: Readonly<Record<string, WatchedProcess>>;
}

interface Watched {
  readonly pid: number;
  readonly includeChildren: boolean;
  /** Start time seen at the first read: a different one later means the pid was reused. */
  startTicks?: number;
}

function cpuTicks(stat: ProcStat): number {
  return stat.utime + stat.stime + stat.cutime + stat.cstime;
}

/**
 * Resident memory and CPU time of named processes, from /proc (Linux). Per name:
 * `<name>.up` (1 while the process exists), `<name>.rss_bytes`, `<name>.cpu_seconds`
 * (user + system, with the children it has reaped) and `<name>.cpu_seconds_delta` (cores used
 * during that second); with `includeChildren`, also `<name>.processes`, and the live children's
 * RSS and CPU are added. Summed RSS counts shared memory once per process, so PostgreSQL's
 * shared buffers inflate it: read it as a trend, not as the machine's memory in use.
 *
 * A name whose pid changes (an instance restarted) counts the new process's CPU from zero, so
 * its first delta is its whole CPU so far; a name seen for the first time has no baseline.
 */
export function createProcessProbe(options: ProcessProbeOptions = {}): ProcessProbe {
  const { clockTicks, pageSize } = systemConstants();
  let watched = new Map<string, Watched>();
  let last: ReadonlyMap<string, number> = new Map();

  function setPids(pids: Readonly<Record<string, WatchedProcess>>): void {
    const next = new Map<string, Watched>();
    const baseline = new Map(last);
    for (const [name, spec] of Object.entries(pids)) {
      const pid = typeof spec === 'number' ? spec : spec.pid;
      if (!/^[A-Za-z0-9_-]+$/.test(name) || !Number.isInteger(pid) || pid <= 0) {
        throw new StampedeError(
          'STAMPEDE_PROBE_BAD_CONFIG',
          `process probe: bad entry ${JSON.stringify(name)} -> ${JSON.stringify(spec)}`,
          {
            hint: 'names are letters, digits, - and _; pids are positive integers',
          },
        );
      }
      const before = watched.get(name);
      next.set(name, before?.pid === pid ? before : { pid, includeChildren: typeof spec !== 'number' && spec.includeChildren === true });
      if (before && before.pid !== pid) baseline.set(`${name}.cpu_seconds`, 0);
    }
    last = new Map([...baseline].filter(([key]) => next.has(key.slice(0, key.indexOf('.')))));
    watched = next;
  }
  setPids(options.pids ?? {});

  async function read(name: string, entry: Watched): Promise<ProbeValues> {
    const prefix = `${name}.`;
    const stat = await readProcStat(entry.pid);
    entry.startTicks ??= stat?.startTicks;
    if (!stat || stat.startTicks !== entry.startTicks) return { [`${prefix}up`]: 0 };
    let ticks = cpuTicks(stat);
    let pages = stat.rssPages;
    const values: ProbeValues = { [`${prefix}up`]: 1 };
    if (entry.includeChildren) {
      const children = await childrenOf(entry.pid);
      for (const child of children) {
        ticks += cpuTicks(child);
        pages += child.rssPages;
      }
      values[`${prefix}processes`] = 1 + children.length;
    }
    values[`${prefix}rss_bytes`] = pages * pageSize;
    values[`${prefix}cpu_seconds`] = ticks / clockTicks;
    return values;
  }

  return {
    name: options.name ?? 'process',
    setPids,
    async sample(signal) {
      const current = watched;
      const parts = await Promise.all([...current].map(([name, entry]) => read(name, entry)));
      const values: ProbeValues = Object.assign({}, ...parts);
      const step = withDeltas(
        values,
        [...current.keys()].map((name) => `${name}.cpu_seconds`),
        last,
      );
      if (!signal.aborted && current === watched) last = step.last;
      // Tick counts divided by CLK_TCK leave binary noise (0.009999…) in the differences.
      const out: ProbeValues = {};
      for (const [key, value] of Object.entries(step.values)) out[key] = value === null ? null : Math.round(value * 1e6) / 1e6;
      return out;
    },
    async close() {},
  };
}
