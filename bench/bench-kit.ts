/**
 * What the load benches share: the heavy lock, core pinning, the fixture process that counts
 * requests, and whole-process CPU and RSS read from /proc (the generator cannot flatter itself:
 * its CPU comes from the kernel, its throughput from the fixture).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The machine-wide lock every heavy measurement takes (see the helpers' working rules). */
export const heavyLock = '/tmp/stampede-heavy.lock';

export const stampedeBin = fileURLToPath(new URL('../../bin/stampede.js', import.meta.url));
export const autocannonBin = fileURLToPath(new URL('../../node_modules/autocannon/autocannon.js', import.meta.url));
const fixtureScript = fileURLToPath(new URL('./fixture-server.js', import.meta.url));

export function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Re-runs `script` under the heavy lock unless already inside it; returns its exit code, or
 * undefined when the caller is the locked run and should measure.
 */
export function underHeavyLock(script: string): number | undefined {
  if (process.env.STAMPEDE_BENCH_LOCKED || !has('flock')) return undefined;
  const child = spawnSync('flock', [heavyLock, process.execPath, script, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, STAMPEDE_BENCH_LOCKED: '1' },
  });
  return child.status ?? 1;
}

const pin = has('taskset');

/** The layout line: where the generator and the fixture run. */
export function layout(): string {
  return pin ? 'generator pinned to core 0, fixture to core 1' : 'unpinned (no taskset)';
}

/** argv prefixed with taskset for `core` when available (taskset execs: the pid stays the tool's). */
export function pinned(core: number, argv: readonly string[]): [string, string[]] {
  return pin ? ['taskset', ['-c', String(core), ...argv]] : [argv[0] as string, argv.slice(1)];
}

/**
 * CPU time of a whole process, every thread (main, libuv pool, V8 GC and compiler threads), in
 * microseconds: the sum of each thread's nanosecond run time from schedstat. Falls back to the
 * 10 ms ticks of /proc/<pid>/stat (user + system) when schedstat is missing.
 */
export function processCpuMicros(pid: number): number {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    }
    return ns / 1000;
  } catch {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10_000;
    } catch {
      return Number.NaN;
    }
  }
}

/**
 * Resident set size of a process, MB: all of it (VmRSS) and its anonymous part (RssAnon: heap,
 * malloc, WebAssembly memory). The rest is file pages, mostly the node binary's own code, which
 * the kernel drops and faults back in as other processes need memory: they move RSS by 10 MB
 * and more without the process keeping anything, so retention shows in the anonymous part.
 */
export function rssMb(pid: number): { total: number; anon: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
    return { total: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024 };
  } catch {
    return { total: Number.NaN, anon: Number.NaN };
  }
}

/** Share of time some task waited for a CPU (Linux PSI): other work on the machine skews every figure. */
export function pressureMeter(): { percent(): number } {
  const read = () => {
    try {
      const match = /some avg10=[\d.]+ avg60=[\d.]+ avg300=[\d.]+ total=(\d+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
      return match ? Number(match[1]) : Number.NaN;
    } catch {
      return Number.NaN;
    }
  };
  const total0 = read();
  const t0 = performance.now();
  return { percent: () => ((read() - total0) / 1000 / (performance.now() - t0)) * 100 };
}

export interface Fixture {
  readonly url: string;
  readonly pid: number;
  /** Requests answered since the fixture started (its own count). */
  count(): Promise<number>;
  stop(): void;
}

export async function startFixture(): Promise<Fixture> {
  const [cmd, args] = pinned(1, [process.execPath, fixtureScript]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('fixture did not start within 5 s')), 5000);
    child.stdout?.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(Number(chunk.toString().trim()));
    });
    child.once('exit', (code) => reject(new Error(`fixture exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    pid: child.pid as number,
    count: () =>
      new Promise((resolve) => {
        child.once('message', (m: { count: number }) => resolve(m.count));
        child.send('count');
      }),
    stop: () => {
      child.kill('SIGTERM');
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A generator process as a user runs it, pinned, with its stdout kept. */
export interface Generator {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves with the exit code, everything printed on stdout and the end of stderr. */
  readonly exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Starts a generator; its progress lines on stderr are kept (the last 4 KB), not shown. */
export function startGenerator(argv: readonly string[]): Generator {
  const [cmd, args] = pinned(0, argv);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4096);
  });
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, pid: child.pid as number, exited };
}

/** Resolves once the fixture has answered more than `baseline` requests (the generator has started). */
export async function firstRequest(fixture: Fixture, baseline: number, timeoutMs = 10_000): Promise<void> {
  const t0 = performance.now();
  while ((await fixture.count()) <= baseline) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`no request reached the fixture within ${timeoutMs} ms`);
    await sleep(20);
  }
}
