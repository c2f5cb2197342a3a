import { spawn } from 'node:child_process';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { StampedeError } from '../../harness/errors/stampede-error.js';
import { childrenOf, parseProcStat, readProcStat, systemConstants } from '../../harness/probes/proc-stat.js';
import { createProcessProbe } from '../../harness/probes/process-probe.js';
import { sampleOnce, waitUntil } from './support.js';

/** Spends `ms` of this process's own CPU time (not wall time: the machine is shared), bounded by 5 s of wall time. */
function burnCpu(ms: number): void {
  const start = process.cpuUsage();
  const deadline = Date.now() + 5000;
  let x = 0;
  for (;;) {
    for (let i = 0; i < 100_000; i += 1) x += Math.sqrt(x + i);
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms || Date.now() > deadline) return;
  }
}

/** A child process of this test, ended by its pid when the test ends. */
function spawnSleeper(): number {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  if (child.pid === undefined) throw new Error('sleep did not start');
  return child.pid;
}

describe('/proc/<pid>/stat', () => {
  it('is parsed from the last parenthesis, so a command name with spaces and parentheses is harmless', () => {
    const line = '4242 (my (odd) name) S 17 4242 4242 0 -1 4194560 500 0 0 0 150 50 7 3 20 0 4 0 987654 1000000 2560 18446744073709551615';
    expect(parseProcStat(line)).toEqual({
      pid: 4242,
      ppid: 17,
      utime: 150,
      stime: 50,
      cutime: 7,
      cstime: 3,
      startTicks: 987654,
      rssPages: 2560,
    });
    expect(() => parseProcStat('garbage')).toThrow();
  });

  it('reads this process and finds a child of it', async () => {
    const own = await readProcStat(process.pid);
    expect(own?.pid).toBe(process.pid);
    expect(own?.ppid).toBe(process.ppid);
    const pid = spawnSleeper();
    const children = await childrenOf(process.pid);
    expect(children.map((c) => c.pid)).toContain(pid);
    expect(await readProcStat(2 ** 22 + 1)).toBeNull();
    expect(systemConstants().clockTicks).toBeGreaterThan(0);
  });
});

describe('process probe', () => {
  it('reports its own RSS and CPU seconds, with a CPU delta once there is a baseline', async () => {
    const probe = createProcessProbe({ pids: { self: process.pid } });
    onTestFinished(() => probe.close());
    const first = await sampleOnce(probe);
    const rss = process.memoryUsage().rss;
    expect(first['self.up']).toBe(1);
    expect(first['self.rss_bytes']).toBeGreaterThan(rss / 2);
    expect(first['self.rss_bytes']).toBeLessThan(rss * 2);
    expect(first['self.cpu_seconds_delta']).toBeNull();
    burnCpu(300);
    const second = await sampleOnce(probe);
    // /proc counts in 10 ms ticks; other threads (GC, the worker pool) may add a little.
    expect(second['self.cpu_seconds_delta']).toBeGreaterThanOrEqual(0.28);
    expect(second['self.cpu_seconds_delta']).toBeLessThan(5);
    expect(second['self.cpu_seconds']).toBeCloseTo((first['self.cpu_seconds'] ?? 0) + (second['self.cpu_seconds_delta'] ?? 0), 5);
  });

  it('follows pid changes: children are counted, a dead pid is down, a replaced pid counts from zero', async () => {
    const sleeper = spawnSleeper();
    const probe = createProcessProbe({ pids: { tree: { pid: process.pid, includeChildren: true }, sleeper } });
    onTestFinished(() => probe.close());
    const values = await sampleOnce(probe);
    expect(values['tree.processes']).toBeGreaterThanOrEqual(2);
    expect(values['sleeper.up']).toBe(1);
    expect(values['sleeper.processes']).toBeUndefined();

    process.kill(sleeper, 'SIGKILL');
    await waitUntil(
      () => {
        try {
          process.kill(sleeper, 0);
          return false;
        } catch {
          return true;
        }
      },
      5000,
      'the sleeper to be reaped',
    );
    const gone = await sampleOnce(probe);
    expect(gone['sleeper.up']).toBe(0);
    expect(gone['sleeper.rss_bytes']).toBeUndefined();

    const replacement = spawnSleeper();
    probe.setPids({ tree: { pid: process.pid, includeChildren: true }, sleeper: replacement });
    const restarted = await sampleOnce(probe);
    expect(restarted['sleeper.up']).toBe(1);
    expect(restarted['sleeper.cpu_seconds_delta']).toBe(restarted['sleeper.cpu_seconds']);
  });

  it('refuses a bad name or pid', () => {
    const probe = createProcessProbe();
    try {
      probe.setPids({ 'a.b': 1 });
      expect.unreachable();
    } catch (err) {
      expect((err as StampedeError).code).toBe('STAMPEDE_PROBE_BAD_CONFIG');
    }
    expect(() => probe.setPids({ ok: -1 })).toThrow();
  });
});
