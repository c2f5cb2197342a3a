/**
 * k6 ingest benchmark: `stampede k6 ingest` on about 1 GB of k6 JSON output (two runners),
 * against a peer measured in the same run on the same files: node:readline with JSON.parse of
 * every line (what a straightforward ingest does), which builds no histogram at all.
 * `npm run bench:k6-ingest` (run it under `flock /tmp/stampede-heavy.lock`).
 *
 * Prints points/s, lines/s, peak RSS of each (from /usr/bin/time -v when present, else the
 * child's own getrusage), the ratio, and checks the merged p95/p99 against the exact
 * percentiles of the union of the values written (HDR keeps 3 significant digits: within 0.1%).
 * Rates are per CPU second (user + system of the child): the machine is shared, so wall time
 * depends on the neighbours; wall seconds are printed beside them.
 * Targets (exit 1 on a miss): ingest uses no more CPU than the peer; peak RSS under 300 MB;
 * merged percentiles within 0.1% of exact. The generated files are deleted at the end.
 *
 * Flags: --bytes N (total, default 1e9), --runners N (default 2), --dir DIR, --keep.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticRunner } from './k6-json-output.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : (args[at + 1] ?? fallback);
};

const totalBytes = Number(flag('bytes', '1e9'));
const runners = Number(flag('runners', '2'));
const dir = flag('dir', join(tmpdir(), `stampede-k6-bench-${process.pid}`));
const keep = args.includes('--keep');
const cli = fileURLToPath(new URL('../harness/cli/main.js', import.meta.url));
const peerScript = fileURLToPath(new URL('./k6-ingest-peer.js', import.meta.url));

interface Measured {
  readonly seconds: number;
  /** User + system CPU seconds of the child (the machine is shared: wall time depends on the neighbours). */
  readonly cpuSeconds: number;
  readonly maxRssMb: number;
  readonly stdout: string;
}

/** Runs a node script in a child, timed, with its peak RSS. */
function measure(script: string, scriptArgs: string[]): Measured {
  const timed = existsSync('/usr/bin/time');
  const command = timed ? '/usr/bin/time' : process.execPath;
  const argv = timed ? ['-v', process.execPath, script, ...scriptArgs] : [script, ...scriptArgs];
  const started = performance.now();
  const result = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, STAMPEDE_NO_EXIT: '' } });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${script} exited ${result.status}: ${result.stderr.slice(-2000)}`);
  const field = (label: string) => Number(new RegExp(`${label}: ([\\d.]+)`).exec(result.stderr)?.[1] ?? Number.NaN);
  const cpuSeconds = field('User time \\(seconds\\)') + field('System time \\(seconds\\)');
  return { seconds, cpuSeconds, maxRssMb: field('Maximum resident set size \\(kbytes\\)') / 1024, stdout: result.stdout };
}

function exactPercentile(sorted: Float64Array, p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function main(): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  try {
    say(`writing ${runners} runner file(s), ${(totalBytes / 1e9).toFixed(2)} GB in all, to ${dir}`);
    const written = [];
    for (let i = 0; i < runners; i++) {
      const file = join(dir, `runner-${i + 1}.json`);
      files.push(file);
      written.push(
        await writeSyntheticRunner({
          file,
          seed: 1000 + i,
          rate: 2000,
          startMs: Date.UTC(2026, 11, 1, 0, 0, 0),
          bytes: totalBytes / runners,
          names: ['assign-truck', 'reassign-region'],
        }),
      );
    }
    const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
    const requests = written.reduce((a, w) => a + w.requests, 0);
    const lines = written.reduce((a, w) => a + w.lines, 0);
    say(`  ${(bytes / 1e9).toFixed(3)} GB, ${lines} lines, ${requests} requests`);

    const out = join(dir, 'run');
    const ingest = measure(cli, ['k6', 'ingest', ...files, '--out', out, '--json']);
    const report = JSON.parse(ingest.stdout) as { stats: { points: number; lines: number } };
    const peer = measure(peerScript, files);
    const peerLines = Number(peer.stdout.trim());

    const record = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as {
      variants: { load: { totals: { sent: number }; latency: { intended: { p95: number; p99: number } } } }[];
    };
    const load = record.variants[0]?.load;
    const all = new Float64Array(requests);
    let at = 0;
    for (const w of written) {
      all.set(w.durations, at);
      at += w.durations.length;
    }
    all.sort();
    const exact95 = exactPercentile(all, 95);
    const exact99 = exactPercentile(all, 99);
    const merged95 = load?.latency.intended.p95 ?? Number.NaN;
    const merged99 = load?.latency.intended.p99 ?? Number.NaN;
    const error95 = Math.abs(merged95 - exact95) / exact95;
    const error99 = Math.abs(merged99 - exact99) / exact99;

    const mb = bytes / 1e6;
    const line = (label: string, m: Measured, lineCount: number) =>
      `${label}: ${m.cpuSeconds.toFixed(1)} s CPU (${m.seconds.toFixed(1)} s wall), ${Math.round(lineCount / m.cpuSeconds)} lines per CPU second, ${(mb / m.cpuSeconds).toFixed(0)} MB per CPU second, peak RSS ${m.maxRssMb.toFixed(0)} MB`;
    say(
      `${line('stampede k6 ingest', ingest, report.stats.lines)}, ${Math.round(report.stats.points / ingest.cpuSeconds)} points per CPU second`,
    );
    say(line('peer (readline + JSON.parse of every line)', peer, peerLines));
    say(
      `ratio: ingest is ${(peer.cpuSeconds / ingest.cpuSeconds).toFixed(2)}x the peer's speed in CPU time (wall: ${(peer.seconds / ingest.seconds).toFixed(2)}x)`,
    );
    say(`requests: ${load?.totals.sent} ingested of ${requests} written`);
    say(
      `p95 merged ${merged95} ms vs exact ${exact95} ms (${(error95 * 100).toFixed(3)}%), p99 merged ${merged99} vs exact ${exact99} (${(error99 * 100).toFixed(3)}%)`,
    );
    const misses = [
      ingest.cpuSeconds > peer.cpuSeconds ? 'more CPU than the peer' : '',
      ingest.maxRssMb > 300 ? `peak RSS ${ingest.maxRssMb.toFixed(0)} MB > 300 MB` : '',
      error95 > 0.001 || error99 > 0.001 ? 'merged percentiles off by more than 0.1%' : '',
      load?.totals.sent !== requests ? 'request count differs' : '',
    ].filter(Boolean);
    for (const miss of misses) say(`MISS: ${miss}`);
    return misses.length === 0 ? 0 : 1;
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
