import { type ErrorKind, errorKinds } from '../load/error-kinds.js';
import { LatencyHistogram } from '../load/histograms.js';
import { k6ErrorKind } from './k6-error-kinds.js';
import { checkFailedMetric } from './k6-script-runtime.js';
import { SecondWindow } from './k6-second-window.js';

/**
 * Everything an ingest keeps from k6's points: HDR histograms fed with every raw
 * http_req_duration value of every runner (so the merged percentiles are those of the union of
 * the points, not an average of per-runner percentiles), counts by request name, target, error
 * kind and check, and the per-second window. One instance for all the files of a run.
 */
export interface K6Point {
  readonly time: string;
  readonly value: number;
  readonly tags?: Readonly<Record<string, string>> | null;
}

export interface NameCounts {
  sent: number;
  completed: number;
  errors: number;
  readonly histogram: LatencyHistogram;
}

/** The metrics an ingest reads; every other metric's lines are skipped without being parsed. */
export const ingestedMetrics = new Set([
  'http_req_duration',
  'http_reqs',
  'http_req_blocked',
  'dropped_iterations',
  'checks',
  'vus',
  checkFailedMetric,
]);

const kindIndex = new Map(errorKinds.map((k, i) => [k, i]));

export class PointSink {
  readonly duration = new LatencyHistogram();
  readonly blocked = new LatencyHistogram();
  readonly byName = new Map<string, NameCounts>();
  readonly byTarget = new Map<string, { sent: number; completed: number; errors: number }>();
  readonly errorsByKind = new Map<ErrorKind, number>();
  readonly checkFailures = new Map<string, number>();
  /** k6's own `checks` rate points, by check name: [passes, fails]. */
  readonly checks = new Map<string, [number, number]>();
  readonly window = new SecondWindow();
  points = 0;
  sent = 0;
  completed = 0;
  dropped = 0;
  firstMs = Number.POSITIVE_INFINITY;
  lastMs = Number.NEGATIVE_INFINITY;

  constructor(readonly startMs: number) {}

  private name(name: string): NameCounts {
    let counts = this.byName.get(name);
    if (!counts) {
      counts = { sent: 0, completed: 0, errors: 0, histogram: new LatencyHistogram() };
      this.byName.set(name, counts);
    }
    return counts;
  }

  private countError(kind: ErrorKind, second: number, name: NameCounts | undefined, target: string | undefined): void {
    this.errorsByKind.set(kind, (this.errorsByKind.get(kind) ?? 0) + 1);
    const row = this.window.at(second).row;
    row.errors[kindIndex.get(kind) as number] = (row.errors[kindIndex.get(kind) as number] ?? 0) + 1;
    if (name) name.errors++;
    if (target) {
      const t = this.byTarget.get(target);
      if (t) t.errors++;
    }
  }

  /** One Point line of `metric` from runner `source`. */
  add(metric: string, point: K6Point, source: number): void {
    const ms = Date.parse(point.time);
    if (!Number.isFinite(ms)) return;
    this.points++;
    if (ms < this.firstMs) this.firstMs = ms;
    if (ms > this.lastMs) this.lastMs = ms;
    const second = Math.floor((ms - this.startMs) / 1000);
    const tags = point.tags ?? {};
    const status = Number(tags.status ?? 0);
    switch (metric) {
      case 'http_req_duration': {
        // No response, no latency: our engine records none for a transport failure either.
        if (status === 0) return;
        this.duration.record(point.value);
        this.name(tags.name ?? tags.url ?? '(unnamed)').histogram.record(point.value);
        this.window.at(second).open?.histogram.record(point.value);
        return;
      }
      case 'http_req_blocked':
        this.blocked.record(point.value);
        return;
      case 'http_reqs':
        this.request(tags, status, second);
        return;
      case 'dropped_iterations':
        this.dropped += point.value;
        this.window.at(second).row.dropped += point.value;
        return;
      case 'vus':
        this.window.at(second).open?.vus.set(source, point.value);
        return;
      case 'checks': {
        const counts = this.checks.get(tags.check ?? '(unnamed)') ?? [0, 0];
        counts[point.value > 0 ? 0 : 1]++;
        this.checks.set(tags.check ?? '(unnamed)', counts);
        return;
      }
      case checkFailedMetric: {
        const failure = tags.failure ?? 'check failed';
        this.checkFailures.set(failure, (this.checkFailures.get(failure) ?? 0) + point.value);
        // As in our engine: a failed check turns a 2xx/3xx into a `check` error; a 5xx stays a 5xx.
        if (status > 0 && status < 400) this.countError('check', second, this.byName.get(tags.name ?? ''), undefined);
        return;
      }
    }
  }

  private request(tags: Readonly<Record<string, string>>, status: number, second: number): void {
    this.sent++;
    const name = this.name(tags.name ?? tags.url ?? '(unnamed)');
    name.sent++;
    const target = /^\w+:\/\/[^/]+/.exec(tags.url ?? '')?.[0];
    if (target) {
      const t = this.byTarget.get(target) ?? { sent: 0, completed: 0, errors: 0 };
      t.sent++;
      if (status > 0) t.completed++;
      this.byTarget.set(target, t);
    }
    const row = this.window.at(second).row;
    row.sent++;
    if (status > 0) {
      this.completed++;
      name.completed++;
      row.completed++;
    }
    const expected = tags.expected_response === undefined ? undefined : tags.expected_response === 'true';
    const kind = k6ErrorKind(status, Number(tags.error_code ?? 0), expected);
    if (kind) this.countError(kind, second, name, target);
  }

  destroy(): void {
    this.duration.destroy();
    this.blocked.destroy();
    for (const n of this.byName.values()) n.histogram.destroy();
    this.window.finish();
  }
}
