/**
 * Soak benchmark: `stampede load` at a fixed 3,000 req/s for 30 minutes, run as a user runs it
 * (the CLI, pinned to core 0; the counting fixture on core 1), with the generator's resident set
 * size read from /proc/<pid>/status once a minute. `npm run bench:soak`; it takes the heavy lock
 * itself (/tmp/stampede-heavy.lock).
 *
 * Target (exit 1 on a miss): RSS growth from the first sample (minute 1) to the last under 10%, and
 * the same for its anonymous part (RssAnon: file pages of the node binary come and go with memory
 * pressure from other processes),
 * with the rate counted at the fixture within 1% of 3,000/s and nothing dropped. The peer of a
 * soak is the process itself a minute in: the ratio printed is last RSS / first RSS.
 *
 * Shorter runs while developing: --minutes N (or STAMPEDE_SOAK_MINUTES), --sample-seconds S (or
 * STAMPEDE_SOAK_SAMPLE_SECONDS, default 60); the report says which duration was measured.
 */
import { fileURLToPath } from 'node:url';
import {
  firstRequest,
  layout,
  processCpuMicros,
  rssMb,
  sleep,
  stampedeBin,
  startFixture,
  startGenerator,
  underHeavyLock,
} from './bench-kit.js';

const script = fileURLToPath(import.meta.url);
const rate = 3000;
const maxGrowth = 0.1;

function setting(flag: string, env: string, fallback: number): number {
  const i = process.argv.indexOf(flag);
  const text = i >= 0 ? process.argv[i + 1] : process.env[env];
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} (or ${env}) expects a number > 0, got ${text}`);
  return value;
}

interface Sample {
  readonly minute: number;
  readonly rssMb: number;
  /** The anonymous part of the RSS (heap, malloc, WebAssembly memory), MB. */
  readonly anonMb: number;
  /** Requests the fixture answered since the previous sample, per second. */
  readonly rate: number;
  /** Generator CPU since the previous sample, µs per request. */
  readonly cpuPerRequest: number;
}

interface EngineReport {
  readonly status: string;
  readonly totals: { readonly dropped: number; readonly errors: number; readonly sent: number };
  readonly schedulingLag: { readonly p99: number };
}

const write = (text: string) => process.stdout.write(`${text}\n`);

async function soak(): Promise<number> {
  const minutes = setting('--minutes', 'STAMPEDE_SOAK_MINUTES', 30);
  const sampleSeconds = setting('--sample-seconds', 'STAMPEDE_SOAK_SAMPLE_SECONDS', 60);
  const sampleCount = Math.floor((minutes * 60) / sampleSeconds);
  if (sampleCount < 2) throw new Error('a soak needs at least two samples: raise --minutes or lower --sample-seconds');
  write(`soak bench: ${rate} req/s for ${minutes} min, RSS every ${sampleSeconds} s, ${layout()}`);
  const fixture = await startFixture();
  try {
    // The run lasts a little longer than the samples: its start and its stop stay outside them.
    const duration = Math.ceil(minutes * 60 + 10);
    const baseline = await fixture.count();
    const generator = startGenerator([
      process.execPath,
      stampedeBin,
      'load',
      '--url',
      fixture.url,
      '--rate',
      String(rate),
      '--duration',
      `${duration}s`,
      '--json',
    ]);
    await firstRequest(fixture, baseline);
    let count = await fixture.count();
    let cpu = processCpuMicros(generator.pid);
    let at = performance.now();
    const samples: Sample[] = [];
    for (let i = 1; i <= sampleCount; i++) {
      await sleep(at + sampleSeconds * 1000 - performance.now());
      const rss = rssMb(generator.pid);
      const nextCount = await fixture.count();
      const nextCpu = processCpuMicros(generator.pid);
      const now = performance.now();
      const sample: Sample = {
        minute: (i * sampleSeconds) / 60,
        rssMb: rss.total,
        anonMb: rss.anon,
        rate: ((nextCount - count) / (now - at)) * 1000,
        cpuPerRequest: (nextCpu - cpu) / (nextCount - count),
      };
      samples.push(sample);
      write(
        `  ${sample.minute.toFixed(1).padStart(5)} min  RSS ${rss.total.toFixed(1)} MB (anonymous ${rss.anon.toFixed(1)})  ${sample.rate.toFixed(1)} req/s at the fixture  CPU ${sample.cpuPerRequest.toFixed(1)} µs/request`,
      );
      count = nextCount;
      cpu = nextCpu;
      at = now;
    }
    const { code, stdout, stderr } = await generator.exited;
    if (code !== 0) throw new Error(`stampede load exited with ${code}: ${stderr}`);
    const report = JSON.parse(stdout) as EngineReport;
    const first = samples[0] as Sample;
    const last = samples[samples.length - 1] as Sample;
    const growth = last.rssMb / first.rssMb - 1;
    const anonGrowth = last.anonMb / first.anonMb - 1;
    const worstRate = samples.reduce((w, s) => (Math.abs(s.rate - rate) > Math.abs(w.rate - rate) ? s : w));
    write(
      `\nmeasured ${last.minute.toFixed(1)} min: RSS ${first.rssMb.toFixed(1)} MB at minute ${first.minute.toFixed(1)}, ${last.rssMb.toFixed(1)} MB at minute ${last.minute.toFixed(1)}: ratio ${(last.rssMb / first.rssMb).toFixed(3)} (${(growth * 100).toFixed(1)}%)`,
    );
    write(
      `anonymous RSS ${first.anonMb.toFixed(1)} MB at minute ${first.minute.toFixed(1)}, ${last.anonMb.toFixed(1)} MB at minute ${last.minute.toFixed(1)}: ratio ${(last.anonMb / first.anonMb).toFixed(3)} (${(anonGrowth * 100).toFixed(1)}%)`,
    );
    write(
      `engine: ${report.totals.sent} sent, ${report.totals.dropped} dropped, ${report.totals.errors} errors, lag p99 ${report.schedulingLag.p99} ms`,
    );
    const checks: [string, boolean][] = [
      [
        `RSS growth from minute ${first.minute.toFixed(1)} to ${last.minute.toFixed(1)} < ${maxGrowth * 100}% (${(growth * 100).toFixed(1)}%)`,
        growth < maxGrowth,
      ],
      [
        `anonymous RSS growth (what the process keeps; file pages come and go with the machine) < ${maxGrowth * 100}% (${(anonGrowth * 100).toFixed(1)}%)`,
        anonGrowth < maxGrowth,
      ],
      [
        `rate at the fixture within 1% of ${rate}/s every sample, 0 dropped (worst ${worstRate.rate.toFixed(1)}/s, ${report.totals.dropped} dropped)`,
        Math.abs(worstRate.rate - rate) <= rate * 0.01 && report.totals.dropped === 0,
      ],
    ];
    write('\ntargets');
    for (const [label, ok] of checks) write(`  ${ok ? 'PASS' : 'FAIL'}  ${label}`);
    return checks.every(([, ok]) => ok) ? 0 : 1;
  } finally {
    fixture.stop();
  }
}

const locked = underHeavyLock(script);
if (locked !== undefined) process.exit(locked);
soak().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
