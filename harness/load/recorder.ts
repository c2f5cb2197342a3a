import { countsByKind, errorKinds } from './error-kinds.js';
import type { Exchange } from './exchange.js';
import { LatencyHistogram } from './histograms.js';
import type { NameResult, Percentiles, TimelineSecond, Totals } from './load-result.js';
import { Timeline } from './timeline.js';

interface NameStats {
  sent: number;
  completed: number;
  errors: number;
  /** Absent when the mix has one entry: the run's own histograms then say the same. */
  readonly intended: LatencyHistogram | undefined;
  readonly service: LatencyHistogram | undefined;
}

/**
 * Distinct check-failure names kept; later new names count under `otherCheckFailures`. A check
 * that returns a fresh string per response (an id in the message) must not grow a map for the
 * whole run: a soak would keep one entry per failed request.
 */
export const maxCheckFailureNames = 100;
export const otherCheckFailures = '(other)';

export interface StageCounts {
  scheduled: number;
  sent: number;
  dropped: number;
}

/**
 * Every number a run reports, recorded as things happen. Latency from the intended time goes to
 * the current second's histogram only and is folded into the run's histogram when the second
 * closes: one record per response instead of two.
 */
export class Recorder {
  scheduled = 0;
  sent = 0;
  completed = 0;
  ok = 0;
  dropped = 0;
  errors = 0;
  abandoned = 0;
  maxInFlight = 0;
  readonly errorCounts = new Float64Array(errorKinds.length);
  readonly checkFailures = new Map<string, number>();
  readonly timeline = new Timeline();
  readonly intended = new LatencyHistogram();
  readonly service = new LatencyHistogram();
  readonly lag = new LatencyHistogram();
  readonly connectionWait = new LatencyHistogram();
  readonly stages: StageCounts[];
  private readonly names: NameStats[];

  constructor(names: readonly string[], stageCount: number) {
    const perName = names.length > 1;
    this.names = names.map(() => ({
      sent: 0,
      completed: 0,
      errors: 0,
      intended: perName ? new LatencyHistogram() : undefined,
      service: perName ? new LatencyHistogram() : undefined,
    }));
    this.stages = Array.from({ length: stageCount }, () => ({ scheduled: 0, sent: 0, dropped: 0 }));
  }

  scheduledOne(stage: number): void {
    this.scheduled++;
    (this.stages[stage] as StageCounts).scheduled++;
  }

  /** `count` arrivals of a stage were due and not sent (counted in bulk, never one by one). */
  droppedMany(stage: number, count: number): void {
    const counts = this.stages[stage] as StageCounts;
    this.scheduled += count;
    this.dropped += count;
    this.timeline.dropped += count;
    counts.scheduled += count;
    counts.dropped += count;
  }

  dispatched(exchange: Exchange, inFlight: number): void {
    this.lag.record(exchange.dispatchedAt - exchange.intendedAt);
    if (inFlight > this.maxInFlight) this.maxInFlight = inFlight;
  }

  sentOne(exchange: Exchange): void {
    this.sent++;
    this.timeline.sent++;
    (this.stages[exchange.stage] as StageCounts).sent++;
    (this.names[exchange.entry] as NameStats).sent++;
  }

  /**
   * A response arrived. `kind` is -1 for a good one, else the error kind its status or check
   * earned; `checkFailure` names the check's verdict, if any.
   */
  response(exchange: Exchange, now: number, kind: number, checkFailure: string | undefined): void {
    const intended = now - exchange.intendedAt;
    const service = now - exchange.sentAt;
    this.completed++;
    this.timeline.completed++;
    this.timeline.histogram.record(intended);
    this.service.record(service);
    this.connectionWait.record(exchange.sentAt - exchange.dispatchedAt);
    const name = this.names[exchange.entry] as NameStats;
    name.completed++;
    if (name.intended) {
      name.intended.record(intended);
      (name.service as LatencyHistogram).record(service);
    }
    if (checkFailure !== undefined) this.countCheckFailure(checkFailure);
    if (kind === -1) this.ok++;
    else this.countError(kind, name);
  }

  private countCheckFailure(name: string): void {
    const failures = this.checkFailures;
    const seen = failures.get(name);
    if (seen !== undefined) failures.set(name, seen + 1);
    else if (failures.size < maxCheckFailureNames) failures.set(name, 1);
    else failures.set(otherCheckFailures, (failures.get(otherCheckFailures) ?? 0) + 1);
  }

  failure(exchange: Exchange, kind: number): void {
    this.countError(kind, this.names[exchange.entry] as NameStats);
  }

  /** A failure with no exchange behind it (no target to send to). */
  failureWithoutExchange(kind: number, entry: number): void {
    this.countError(kind, this.names[entry] as NameStats);
  }

  private countError(kind: number, name: NameStats): void {
    this.errors++;
    name.errors++;
    this.errorCounts[kind] = (this.errorCounts[kind] as number) + 1;
    this.timeline.errors[kind] = (this.timeline.errors[kind] as number) + 1;
  }

  closeSecond(second: number, inFlight: number): TimelineSecond {
    this.intended.add(this.timeline.histogram);
    return this.timeline.close(second, inFlight);
  }

  totals(loadPhaseMs: number): Totals {
    return {
      scheduled: this.scheduled,
      sent: this.sent,
      completed: this.completed,
      ok: this.ok,
      errors: this.errors,
      dropped: this.dropped,
      abandoned: this.abandoned,
      achievedRate: loadPhaseMs > 0 ? Math.round((this.sent / loadPhaseMs) * 1000 * 10) / 10 : 0,
      maxInFlight: this.maxInFlight,
    };
  }

  errorsByKind(): Partial<Record<(typeof errorKinds)[number], number>> {
    return countsByKind(this.errorCounts);
  }

  byName(names: readonly string[], intended: Percentiles, service: Percentiles): Record<string, NameResult> {
    const out: Record<string, NameResult> = {};
    names.forEach((name, i) => {
      const stats = this.names[i] as NameStats;
      out[name] = {
        sent: stats.sent,
        completed: stats.completed,
        errors: stats.errors,
        intended: stats.intended ? stats.intended.summary() : intended,
        service: stats.service ? stats.service.summary() : service,
      };
    });
    return out;
  }

  /** Frees the WebAssembly memory of every histogram. */
  destroy(): void {
    for (const h of [this.intended, this.service, this.lag, this.connectionWait]) h.destroy();
    this.timeline.destroy();
    for (const name of this.names) {
      name.intended?.destroy();
      name.service?.destroy();
    }
  }
}
