import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { distRoot } from '../../harness/cli/dist-root.js';
import { ingestK6 } from '../../harness/k6/k6-ingest.js';
import { applyThresholds } from '../../harness/report/apply-thresholds.js';
import { writeReports } from '../../harness/report/report-files.js';
import { loadScenario } from '../../harness/scenario/load-scenario.js';
import { rejection } from '../helpers/rejection.js';
import { makeStateDir } from '../helpers/state-dir.js';

// k6 JSON output written the way k6's docs describe it (results-output/real-time/json): one
// Metric line declaring each metric, then one Point line per sample with time, value and tags.
const start = Date.UTC(2026, 11, 1, 12, 0, 0);

interface Request {
  readonly at: number;
  readonly ms: number;
  readonly status?: number;
  readonly name?: string;
  readonly errorCode?: number;
  readonly expected?: boolean;
  readonly target?: string;
}

function k6Time(ms: number): string {
  // RFC 3339 with nanoseconds and an offset, as k6 writes it.
  const local = new Date(ms + 2 * 3_600_000).toISOString().slice(0, 23);
  return `${local}${String(Math.round((ms % 1) * 1e6)).padStart(6, '0')}+02:00`;
}

function metric(name: string, type: string, contains: string): string {
  return JSON.stringify({ type: 'Metric', data: { name, type, contains, thresholds: [], submetrics: null }, metric: name });
}

function point(name: string, at: number, value: number, tags: Record<string, string> | null): string {
  return JSON.stringify({ type: 'Point', data: { time: k6Time(at), value, tags }, metric: name });
}

function k6Output(requests: readonly Request[], extra: readonly string[] = []): string {
  const lines = [
    metric('http_reqs', 'counter', 'default'),
    metric('http_req_duration', 'trend', 'time'),
    metric('http_req_waiting', 'trend', 'time'),
  ];
  for (const r of requests) {
    const status = r.status ?? 200;
    const tags: Record<string, string> = {
      expected_response: String(r.expected ?? (status > 0 && status < 400)),
      group: '',
      method: 'GET',
      name: r.name ?? 'get-item',
      proto: 'HTTP/1.1',
      scenario: 'default',
      status: String(status),
      url: `${r.target ?? 'http://10.0.0.1:3000'}/items/1`,
    };
    if (r.errorCode) tags.error_code = String(r.errorCode);
    const done = r.at + r.ms;
    lines.push(
      point('http_reqs', done, 1, tags),
      point('http_req_duration', done, r.ms, tags),
      point('http_req_waiting', done, r.ms * 0.9, tags),
    );
  }
  return `${[...lines, ...extra].join('\n')}\n`;
}

function exactPercentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1] as number;
}

describe('stampede k6 ingest', () => {
  it('the merged p95 of two runners is the exact p95 of the union of their points (not any mix of the two p95s)', async () => {
    const dir = makeStateDir();
    // Runner 1 is fast, runner 2 slow: their p95s are far from the union's. Whole microseconds
    // below 2.048 ms are exact in an HDR histogram of 3 significant digits, so equality is exact.
    const fast = Array.from({ length: 4000 }, (_, i) => 0.001 + (i % 900) / 1000);
    const slow = Array.from({ length: 1000 }, (_, i) => 0.9 + (i % 1100) / 1000);
    const a = join(dir, 'runner-1.json');
    const b = join(dir, 'runner-2.json.gz');
    writeFileSync(a, k6Output(fast.map((ms, i) => ({ at: start + i, ms }))));
    writeFileSync(b, gzipSync(k6Output(slow.map((ms, i) => ({ at: start + i * 4, ms, target: 'http://10.0.0.2:3000' })))));
    const { record } = await ingestK6({ files: [a, b], variant: 'hardened', seed: 1, scale: 1, extraThresholds: {}, argv: [] });
    const load = record.variants[0]?.load;
    const union = [...fast, ...slow].map((ms) => Math.round(ms * 1000) / 1000);
    const p95 = load?.latency.intended.p95 as number;
    expect(p95).toBe(exactPercentile(union, 95));
    expect(load?.latency.intended.p50).toBe(exactPercentile(union, 50));
    expect(load?.latency.intended.count).toBe(5000);
    // What a dashboard that averages per-runner p95s would show instead:
    const averaged = (exactPercentile(fast, 95) + exactPercentile(slow, 95)) / 2;
    expect(Math.abs(averaged - p95)).toBeGreaterThan(0.1);
    expect(load?.targets.map((t) => t.url).sort()).toEqual(['http://10.0.0.1:3000', 'http://10.0.0.2:3000']);
  });

  it('within HDR precision on a wide distribution (3 significant digits: 0.1%)', async () => {
    const dir = makeStateDir();
    const values = [
      Array.from({ length: 3000 }, (_, i) => 5 + ((i * 7919) % 3000) / 10),
      Array.from({ length: 3000 }, (_, i) => 50 + ((i * 104729) % 9000) / 3),
    ];
    const files = values.map((list, r) => {
      const file = join(dir, `runner-${r}.json`);
      writeFileSync(file, k6Output(list.map((ms, i) => ({ at: start + i * 3, ms }))));
      return file;
    });
    const { record } = await ingestK6({ files, variant: 'hardened', seed: 1, scale: 1, extraThresholds: {}, argv: [] });
    const union = values.flat();
    for (const [p, got] of [
      [95, record.variants[0]?.load?.latency.intended.p95],
      [99, record.variants[0]?.load?.latency.intended.p99],
    ] as const) {
      const exact = exactPercentile(union, p);
      expect(Math.abs((got as number) - exact) / exact).toBeLessThanOrEqual(0.001);
    }
  });

  it('counts errors by kind from status, error_code and expected_response, and check failures by name', async () => {
    const dir = makeStateDir();
    const file = join(dir, 'runner.json');
    const requests: Request[] = [
      { at: start, ms: 5 },
      { at: start + 10, ms: 5, status: 503 },
      { at: start + 20, ms: 5, status: 409, expected: true },
      { at: start + 30, ms: 5, status: 404 },
      { at: start + 40, ms: 10_000, status: 0, errorCode: 1050 },
      { at: start + 50, ms: 1, status: 0, errorCode: 1212 },
      { at: start + 60, ms: 1, status: 0, errorCode: 1220 },
      { at: start + 1500, ms: 5 },
    ];
    const extra = [
      metric('stampede_check_failed', 'counter', 'default'),
      point('stampede_check_failed', start + 5, 1, { name: 'get-item', failure: 'wrong tenant', status: '200' }),
      point('stampede_check_failed', start + 15, 1, { name: 'get-item', failure: 'wrong tenant', status: '503' }),
      point('dropped_iterations', start + 1200, 3, { scenario: 'default' }),
      point('checks', start + 5, 0, { check: 'get-item passes its check' }),
      point('checks', start + 1505, 1, { check: 'get-item passes its check' }),
      point('vus', start + 1000, 7, null),
    ];
    writeFileSync(file, k6Output(requests, extra));
    const { record } = await ingestK6({ files: [file], variant: 'hardened', seed: 1, scale: 1, extraThresholds: {}, argv: [] });
    const v = record.variants[0];
    expect(v?.load?.errorsByKind).toEqual({ http_5xx: 1, http_4xx: 1, timeout: 1, refused: 1, reset: 1, check: 1 });
    expect(v?.load?.checkFailures).toEqual({ 'wrong tenant': 2 });
    expect(v?.load?.totals).toMatchObject({ sent: 8, completed: 5, dropped: 3, scheduled: 11, errors: 6 });
    // Transport failures have no response, so no latency: 5 responses were timed.
    expect(v?.load?.latency.intended.count).toBe(5);
    expect(v?.metrics.checks).toEqual({ rate: 0.5, count: 2 });
    expect(v?.metrics.dropped_iterations).toMatchObject({ count: 3 });
    // Per second, by when each request completed: second 0 holds the first 7 but the timeout.
    expect(v?.timeline.series['load.sent']?.slice(0, 2)).toEqual([6, 1]);
    expect(v?.timeline.series['load.dropped']?.slice(0, 2)).toEqual([0, 3]);
  });

  it("judges the scenario's k6-measurable thresholds, lists the rest as not judged, and feeds report and --threshold", async () => {
    const dir = makeStateDir();
    const file = join(dir, 'runner.json');
    writeFileSync(
      file,
      k6Output(
        Array.from({ length: 200 }, (_, i) => ({
          at: start + i * 20,
          ms: 10 + (i % 10),
          name: i % 10 === 0 ? 'reassign-region' : 'assign-truck',
        })),
      ),
    );
    const scenario = await loadScenario('black-friday-routing', { distRoot: distRoot(), stateDir: dir });
    const { record, notJudged } = await ingestK6({
      files: [file],
      scenario,
      variant: 'hardened',
      seed: 3,
      scale: 1,
      extraThresholds: { 'http_req_duration:assign-truck': ['p(99)<50'] },
      argv: [],
    });
    const v = record.variants[0];
    expect(record.scenario.name).toBe('black-friday-routing');
    expect(record.stagesAsked).toHaveLength(scenario.load.stages.length);
    expect(v?.verdicts.map((x) => `${x.metric}:${x.threshold}:${x.ok}`).sort()).toEqual(
      ['http_req_duration:assign-truck:p(99)<50:true', 'http_req_duration:p(99)<1000:true', 'http_req_failed:rate<0.01:true'].sort(),
    );
    expect(notJudged).toContain('invariant:hazmat-through-tunnel:count==0');
    expect(record.ok).toBe(true);
    const stricter = applyThresholds(record, { http_req_duration: ['p(50)<5'] });
    expect(stricter.ok).toBe(false);
    const written = writeReports(join(dir, 'report'), record, ['markdown', 'html', 'junit']);
    expect(written).toHaveLength(3);
  });

  it('refuses a file that is not k6 JSON output, and counts a torn last line without failing', async () => {
    const dir = makeStateDir();
    const notK6 = join(dir, 'run.json');
    writeFileSync(notK6, '{"schema":"stampede.run/v1"}\n');
    const err = await rejection(ingestK6({ files: [notK6], variant: 'hardened', seed: 1, scale: 1, extraThresholds: {}, argv: [] }));
    expect(err.code).toBe('STAMPEDE_K6_BAD_OUTPUT');
    expect(
      (
        await rejection(
          ingestK6({ files: [join(dir, 'nope.json')], variant: 'hardened', seed: 1, scale: 1, extraThresholds: {}, argv: [] }),
        )
      ).code,
    ).toBe('STAMPEDE_K6_BAD_OUTPUT');
    const torn = join(dir, 'torn.json');
    writeFileSync(torn, `${k6Output([{ at: start, ms: 3 }])}{"metric":"http_reqs","type":"Point","data":{"time":"20`);
    const { record, stats } = await ingestK6({ files: [torn], variant: 'hardened', seed: 1, scale: 1, extraThresholds: {}, argv: [] });
    expect(record.variants[0]?.load?.totals.sent).toBe(1);
    expect(stats.files[0]?.badLines).toBe(1);
  });
});
