import { countsByKind, errorKinds } from './error-kinds.js';
import { LatencyHistogram } from './histograms.js';
import type { TimelineSecond } from './load-result.js';

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * Per-second counters. Events are counted in the second in which they happen (a response in the
 * second it completed, a drop in the second it was due); the runner closes a second from a timer
 * at each second boundary, so an event landing in the microseconds between the boundary and the
 * timer callback counts in the earlier second.
 */
export class Timeline {
  readonly samples: TimelineSecond[] = [];
  sent = 0;
  completed = 0;
  dropped = 0;
  readonly errors = new Float64Array(errorKinds.length);
  /** Intended-time latency of this second's responses; the recorder folds it into the run's total. */
  readonly histogram = new LatencyHistogram();

  /** Seals the current second and starts the next one. */
  close(second: number, inFlight: number): TimelineSecond {
    const h = this.histogram;
    const has = h.count > 0;
    const sample: TimelineSecond = {
      second,
      sent: this.sent,
      completed: this.completed,
      dropped: this.dropped,
      errors: countsByKind(this.errors),
      inFlight,
      p50: has ? round3(h.percentile(50)) : null,
      p99: has ? round3(h.percentile(99)) : null,
    };
    this.samples.push(sample);
    this.sent = 0;
    this.completed = 0;
    this.dropped = 0;
    this.errors.fill(0);
    h.reset();
    return sample;
  }

  destroy(): void {
    this.histogram.destroy();
  }
}
