/**
 * Load engine benchmark: our engine against autocannon (and wrk when installed), same fixture,
 * same connection count, in one run. `npm run bench:load`.
 *
 * Layout on the 2 cores: the fixture server runs pinned to core 1, each generator to core 0
 * (taskset when available), each in its own process so the measurements do not mix. The whole
 * bench re-runs itself under `flock /tmp/stampede-bench.lock` so that it never overlaps another
 * benchmark on the same cores.
 *
 * Targets (exit 1 on a miss):
 *   1. max throughput (closed loop, N connections) >= 1.5x autocannon's
 *   2. CPU per request at a fixed 2,000 req/s <= autocannon's
 *   3. achieved rate within 1% of 2,000/s with 0 dropped
 *   4. scheduling lag p99 < 5 ms
 *
 * Roles (argv[2] === '--role'): fixture | engine-max | engine-rate | autocannon-max | autocannon-rate.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createLoadRun } from '../harness/load/index.js';

const script = fileURLToPath(import.meta.url);
const lockFile = '/tmp/stampede-bench.lock';
const connections = 100;
const maxSeconds = 4;
const rounds = 3;
const rateSeconds = 8;
const rateRounds = 2;
const fixedRate = 2000;

interface RoleResult {
  /** Responses received. */
  readonly requests: number;
  readonly seconds: number;
  /** User + system CPU of the generator process during the run, microseconds. */
  readonly cpuMicros: number;
  readonly dropped?: number;
  readonly lagP99Ms?: number;
  readonly achievedRate?: number;
  readonly errors?: number;
}

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function emit(result: RoleResult): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

// ---- roles (each runs in its own process) ----

function runFixture(): void {
  // A canned keep-alive response per request; requests are counted by their blank line, so one
  // read carrying several requests gets as many responses in a single write.
  const response = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\nConnection: keep-alive\r\n\r\nok');
  const batches = [response];
  for (let i = 1; i < 64; i++) batches.push(Buffer.concat([batches[i - 1] as Buffer, response]));
  const shared = Buffer.allocUnsafe(64 * 1024);
  const answer = (socket: Socket, chunk: Buffer, length: number, state: { blank: number }) => {
    let n = 0;
    let s = state.blank; // how much of "\r\n\r\n" has been seen
    for (let i = 0; i < length; i++) {
      const c = chunk[i];
      if (c === 13) s = s === 2 ? 3 : 1;
      else if (c === 10) {
        if (s === 3) {
          n++;
          s = 0;
        } else s = s === 1 ? 2 : 0;
      } else s = 0;
    }
    state.blank = s;
    if (n > 0) socket.write(n <= 64 ? (batches[n - 1] as Buffer) : Buffer.concat(Array(n).fill(response)));
  };
  const server = createServer({ noDelay: true, pauseOnConnect: true }, (accepted) => {
    const state = { blank: 0 };
    // A plain 'data' server tops out near 160k req/s on one core of our machines, below what the
    // generators reach. Re-wrapping the accepted handle in a Socket with `onread` (a reused read
    // buffer, no stream machinery) lifts it well above; if a Node version refuses the re-wrap,
    // fall back to 'data' events and the fixture CPU line will show it saturating.
    const handle = (accepted as unknown as { _handle?: unknown })._handle;
    if (handle) {
      (accepted as unknown as { _handle: unknown })._handle = null;
      try {
        const socket: Socket = new Socket({
          handle,
          readable: true,
          writable: true,
          onread: { buffer: shared, callback: (n: number, buf: Uint8Array) => answer(socket, buf as Buffer, n, state) },
        } as ConstructorParameters<typeof Socket>[0]);
        socket.on('error', () => {});
        socket.resume();
        return;
      } catch {
        (accepted as unknown as { _handle: unknown })._handle = handle;
      }
    }
    accepted.on('data', (chunk: Buffer) => answer(accepted, chunk, chunk.length, state));
    accepted.on('error', () => {});
    accepted.resume();
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
  });
  process.on('SIGTERM', () => process.exit(0));
}

// CPU and responses are counted from the end of the first second (warm-up: JIT, connects,
// WebAssembly set-up) to the end of the run, the same way for both tools.
const warmupMs = 1000;

async function runEngine(url: string, rate: number | undefined, seconds: number): Promise<void> {
  let cpu0: NodeJS.CpuUsage | undefined;
  let completed0 = 0;
  let t0 = 0;
  const plan =
    rate === undefined
      ? { model: 'vus' as const, vus: connections, duration: seconds * 1000 }
      : { model: 'arrival-rate' as const, startRate: rate, stages: [{ duration: seconds * 1000, target: rate }], connections };
  const run = createLoadRun(
    { ...plan, targets: [url], requests: [{ name: 'get', request: { path: '/' } }] },
    {
      onSecond: (p) => {
        // The first second closes at warmupMs.
        if (cpu0 === undefined) {
          cpu0 = process.cpuUsage();
          completed0 = p.totals.completed;
          t0 = performance.now();
        }
      },
    },
  );
  const result = await run.result;
  const cpu = process.cpuUsage(cpu0);
  emit({
    requests: result.totals.completed - completed0,
    seconds: (performance.now() - t0) / 1000,
    cpuMicros: cpu.user + cpu.system,
    dropped: result.totals.dropped,
    lagP99Ms: result.schedulingLag.p99,
    achievedRate: result.totals.achievedRate,
    errors: result.totals.errors,
  });
}

interface AutocannonInstance extends PromiseLike<{ requests: { total: number }; duration: number; errors: number; non2xx: number }> {
  on(event: 'response', listener: () => void): void;
}

async function runAutocannon(url: string, rate: number | undefined, seconds: number): Promise<void> {
  const require = createRequire(import.meta.url);
  const autocannon = require('autocannon') as (opts: Record<string, unknown>) => AutocannonInstance;
  let responses = 0;
  let cpu0: NodeJS.CpuUsage | undefined;
  let responses0 = 0;
  let t0 = 0;
  const instance = autocannon({ url, connections, duration: seconds, ...(rate === undefined ? {} : { overallRate: rate }) });
  instance.on('response', () => {
    responses++;
  });
  const warm = setTimeout(() => {
    cpu0 = process.cpuUsage();
    responses0 = responses;
    t0 = performance.now();
  }, warmupMs);
  const result = await instance;
  clearTimeout(warm);
  const cpu = process.cpuUsage(cpu0);
  emit({
    requests: responses - responses0,
    seconds: (performance.now() - t0) / 1000,
    cpuMicros: cpu.user + cpu.system,
    achievedRate: result.requests.total / result.duration,
    errors: result.errors + result.non2xx,
  });
}

// ---- orchestration ----

const pin = has('taskset');

function pinned(core: number, argv: string[]): [string, string[]] {
  return pin ? ['taskset', ['-c', String(core), ...argv]] : [argv[0] as string, argv.slice(1)];
}

function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return Number.NaN;
  }
}

async function startFixture(): Promise<{ child: ChildProcess; port: number }> {
  const [cmd, args] = pinned(1, [process.execPath, script, '--role', 'fixture']);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('fixture did not start within 5 s')), 5000);
    child.stdout?.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(Number(chunk.toString().trim()));
    });
    child.once('exit', (code) => reject(new Error(`fixture exited with ${code}`)));
  });
  return { child, port };
}

async function measure(role: string, url: string, seconds: number, fixturePid: number, rate?: number): Promise<Measured> {
  const argv = [process.execPath, script, '--role', role, url, String(seconds), ...(rate === undefined ? [] : [String(rate)])];
  const [cmd, args] = pinned(0, argv);
  const ticks0 = cpuTicks(fixturePid);
  const wall0 = performance.now();
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ticks = cpuTicks(fixturePid) - ticks0;
  const wallSeconds = (performance.now() - wall0) / 1000;
  if (code !== 0) throw new Error(`${role} exited with ${code}`);
  const result = JSON.parse(out.trim().split('\n').pop() as string) as RoleResult;
  // Clock ticks are 1/100 s on Linux: ticks / seconds = fixture CPU percent (whole child run).
  return { ...result, fixtureCpu: ticks / wallSeconds };
}

type Measured = RoleResult & { readonly fixtureCpu: number };

/** Share of time some task waited for a CPU (Linux PSI): other work on the machine skews every figure. */
function pressureMeter(): { percent(): number } {
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

function runWrk(url: string, seconds: number, fixturePid: number): { rps: number; fixtureCpu: number } | undefined {
  if (!has('wrk')) return undefined;
  const [cmd, args] = pinned(0, ['wrk', '-t1', `-c${connections}`, `-d${seconds}s`, url]);
  const ticks0 = cpuTicks(fixturePid);
  const run = spawnSync(cmd, args, { encoding: 'utf8' });
  const ticks = cpuTicks(fixturePid) - ticks0;
  const match = /Requests\/sec:\s+([\d.]+)/.exec(run.stdout ?? '');
  return match ? { rps: Number(match[1]), fixtureCpu: ticks / seconds } : undefined;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

async function orchestrate(): Promise<number> {
  process.stdout.write(
    `load bench: ${connections} connections; generator ${pin ? 'pinned to core 0' : 'unpinned (no taskset)'}, fixture ${pin ? 'on core 1' : 'unpinned'}\n`,
  );
  const pressure = pressureMeter();
  const { child: fixture, port } = await startFixture();
  const url = `http://127.0.0.1:${port}/`;
  const fixturePid = fixture.pid as number;
  try {
    // Max throughput: interleaved rounds, best per tool. Two processes ping-ponging on two vCPUs
    // swing between regimes from run to run (seen: the same client at 106k and 214k req/s); the
    // noise only ever lowers a figure, so the best of a few runs is the fairest comparison.
    const engineMax: Measured[] = [];
    const acMax: Measured[] = [];
    for (let round = 0; round < rounds; round++) {
      engineMax.push(await measure('engine-max', url, maxSeconds, fixturePid));
      acMax.push(await measure('autocannon-max', url, maxSeconds, fixturePid));
    }
    const best = (runs: Measured[]) => runs.reduce((a, b) => (b.requests / b.seconds > a.requests / a.seconds ? b : a));
    const e = best(engineMax);
    const a = best(acMax);
    const eRps = e.requests / e.seconds;
    const aRps = a.requests / a.seconds;
    const wrk = runWrk(url, maxSeconds, fixturePid);
    process.stdout.write('\n(1) max throughput, closed loop, one core\n');
    for (const [name, runs] of [
      ['stampede', engineMax],
      ['autocannon', acMax],
    ] as const) {
      const line = runs.map((r) => `${fmt(r.requests / r.seconds)} req/s (fixture CPU ${Math.round(r.fixtureCpu)}%)`).join(', ');
      process.stdout.write(`  ${name.padEnd(10)} ${line}\n`);
    }
    if (wrk) process.stdout.write(`  ${'wrk'.padEnd(10)} ${fmt(wrk.rps)} req/s (fixture CPU ${Math.round(wrk.fixtureCpu)}%)\n`);
    else process.stdout.write('  wrk        not installed (skipped)\n');
    const ratioMax = eRps / aRps;
    process.stdout.write(
      `  stampede/autocannon = ${ratioMax.toFixed(2)}x${wrk ? `, stampede/wrk = ${(eRps / wrk.rps).toFixed(2)}x` : ''}\n`,
    );
    process.stdout.write(
      `  CPU per request at max: stampede ${(e.cpuMicros / e.requests).toFixed(2)} µs, autocannon ${(a.cpuMicros / a.requests).toFixed(2)} µs\n`,
    );

    // Fixed rate: interleaved rounds again, best CPU per tool; accuracy must hold in every round.
    const engineRate: Measured[] = [];
    const acRate: Measured[] = [];
    for (let round = 0; round < rateRounds; round++) {
      engineRate.push(await measure('engine-rate', url, rateSeconds, fixturePid, fixedRate));
      acRate.push(await measure('autocannon-rate', url, rateSeconds, fixturePid, fixedRate));
    }
    const cpuOf = (r: Measured) => r.cpuMicros / r.requests;
    const cheapest = (runs: Measured[]) => runs.reduce((x, y) => (cpuOf(y) < cpuOf(x) ? y : x));
    const eCpu = cpuOf(cheapest(engineRate));
    const aCpu = cpuOf(cheapest(acRate));
    process.stdout.write(`\n(2) fixed ${fmt(fixedRate)} req/s, ${rateSeconds}s per run (CPU counted after the first second)\n`);
    for (const r of engineRate) {
      process.stdout.write(
        `  stampede   achieved ${r.achievedRate}/s, dropped ${r.dropped}, errors ${r.errors}, lag p99 ${r.lagP99Ms} ms, CPU ${cpuOf(r).toFixed(2)} µs/request\n`,
      );
    }
    for (const r of acRate) {
      process.stdout.write(
        `  autocannon achieved ${(r.achievedRate ?? 0).toFixed(1)}/s, errors ${r.errors}, CPU ${cpuOf(r).toFixed(2)} µs/request\n`,
      );
    }
    process.stdout.write(`  CPU ratio stampede/autocannon (best of each) = ${(eCpu / aCpu).toFixed(2)}\n`);
    process.stdout.write(
      `  CPU pressure on the machine during the bench: ${pressure.percent().toFixed(0)}% of the time something waited for a core\n`,
    );

    const worstAchieved = engineRate.reduce((w, r) =>
      Math.abs((r.achievedRate ?? 0) - fixedRate) > Math.abs((w.achievedRate ?? 0) - fixedRate) ? r : w,
    );
    const dropped = engineRate.reduce((n, r) => n + (r.dropped ?? 0), 0);
    const worstLag = Math.max(...engineRate.map((r) => r.lagP99Ms ?? Number.POSITIVE_INFINITY));
    const checks: [string, boolean][] = [
      [`max throughput >= 1.5x autocannon (${ratioMax.toFixed(2)}x)`, ratioMax >= 1.5],
      [`CPU/request at ${fmt(fixedRate)}/s <= autocannon (${eCpu.toFixed(2)} vs ${aCpu.toFixed(2)} µs)`, eCpu <= aCpu],
      [
        `achieved rate within 1% of ${fixedRate}/s with 0 dropped, every run (worst ${worstAchieved.achievedRate}/s, ${dropped} dropped)`,
        Math.abs((worstAchieved.achievedRate ?? 0) - fixedRate) <= fixedRate * 0.01 && dropped === 0,
      ],
      [`scheduling lag p99 < 5 ms, every run (worst ${worstLag} ms)`, worstLag < 5],
    ];
    process.stdout.write('\ntargets\n');
    for (const [label, ok] of checks) process.stdout.write(`  ${verdict(ok)}  ${label}\n`);
    return checks.every(([, ok]) => ok) ? 0 : 1;
  } finally {
    fixture.kill('SIGTERM');
  }
}

async function main(): Promise<number> {
  const [flag, role, url, seconds, rate] = process.argv.slice(2);
  if (flag === '--role') {
    const s = Number(seconds);
    const r = rate === undefined ? undefined : Number(rate);
    switch (role) {
      case 'fixture':
        runFixture();
        return -1;
      case 'engine-max':
      case 'engine-rate':
        await runEngine(url as string, r, s);
        return 0;
      case 'autocannon-max':
      case 'autocannon-rate':
        await runAutocannon(url as string, r, s);
        return 0;
      default:
        throw new Error(`unknown role ${role}`);
    }
  }
  if (!process.env.STAMPEDE_BENCH_LOCKED && has('flock')) {
    // Take the shared bench lock for the whole run (waits while another benchmark holds it).
    const child = spawnSync('flock', [lockFile, process.execPath, script, ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, STAMPEDE_BENCH_LOCKED: '1' },
    });
    return child.status ?? 1;
  }
  return orchestrate();
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
