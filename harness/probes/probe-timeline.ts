import type { ProbeValues } from './probe.js';

/**
 * What the probes recorded during a run, as it goes into run.json next to the load engine's
 * per-second series. Plain JSON: every series has one entry per element of `seconds` (same index),
 * `null` where the value could not be read (the probe failed, timed out, or the series did not
 * exist yet / any more, e.g. an instance that started mid-run).
 */
export interface ProbeTimeline {
  /** Epoch ms of the run clock's second 0. */
  readonly startedAt: number;
  readonly intervalMs: number;
  /** Second indexes (since `startedAt`) that were recorded, ascending; a gap is a missed tick. */
  readonly seconds: number[];
  /** `<probe>.<key>` -> values aligned with `seconds`. */
  readonly series: Record<string, (number | null)[]>;
  /** Per probe: samples that failed or did not answer in time. */
  readonly errors: Record<string, number>;
  /** Per probe: the message of its latest failure, for the report's diagnostics. */
  readonly lastErrors: Record<string, string>;
  /** Ticks sampled, baseline included; each probe is asked once per tick. */
  readonly samples: number;
  /** Ticks never sampled because the event loop was stalled past their budget. */
  readonly missedTicks: number;
}

/** Builds a ProbeTimeline one recorded second at a time, keeping every series aligned. */
export class TimelineBuilder {
  readonly #seconds: number[] = [];
  readonly #series = new Map<string, (number | null)[]>();
  readonly #errors: Record<string, number> = {};
  readonly #lastErrors: Record<string, string> = {};
  #samples = 0;
  #missed = 0;

  constructor(
    readonly startedAt: number,
    readonly intervalMs: number,
  ) {}

  get lastSecond(): number | undefined {
    return this.#seconds.at(-1);
  }

  /** Registers a probe so that it appears in `errors` even with none. */
  addProbe(name: string): void {
    this.#errors[name] ??= 0;
  }

  countSample(): void {
    this.#samples += 1;
  }

  countMissed(ticks: number): void {
    this.#missed += ticks;
  }

  countError(probe: string, message: string): void {
    this.#errors[probe] = (this.#errors[probe] ?? 0) + 1;
    this.#lastErrors[probe] = message;
  }

  /**
   * Appends one second. Series absent from `values` get `null`; a series seen for the first time
   * is back-filled with `null`. Non-finite numbers (NaN, ±Inf) become `null`: JSON has no such
   * values. A second not after the last recorded one is ignored.
   */
  record(second: number, values: ProbeValues): void {
    const last = this.lastSecond;
    if (last !== undefined && second <= last) return;
    const length = this.#seconds.length;
    this.#seconds.push(second);
    for (const [name, value] of Object.entries(values)) {
      let column = this.#series.get(name);
      if (!column) {
        column = new Array<number | null>(length).fill(null);
        this.#series.set(name, column);
      }
      column.push(value !== null && Number.isFinite(value) ? value : null);
    }
    for (const column of this.#series.values()) if (column.length === length) column.push(null);
  }

  toJSON(): ProbeTimeline {
    const series: Record<string, (number | null)[]> = {};
    for (const name of [...this.#series.keys()].sort()) series[name] = [...(this.#series.get(name) ?? [])];
    return {
      startedAt: this.startedAt,
      intervalMs: this.intervalMs,
      seconds: [...this.#seconds],
      series,
      errors: { ...this.#errors },
      lastErrors: { ...this.#lastErrors },
      samples: this.#samples,
      missedTicks: this.#missed,
    };
  }
}
