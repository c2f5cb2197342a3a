import { parseDuration } from '../common/duration.js';
import { createLoadRun, type LoadResult, type LoadRun, type RequestTemplate, type StageSpec, type TimelineSecond } from '../load/index.js';
import { buildRamps, rateAt } from '../load/stages.js';

export interface LoadShape {
  readonly startRate: number;
  /** Already stretched to the game's length, in ms. */
  readonly stages: readonly { readonly durationMs: number; readonly target: number }[];
  readonly maxInFlight: number;
  readonly timeout: string;
  readonly connections: number;
}

/** The plan's (or the scenario's) stages stretched by `factor`. */
export function stretchStages(stages: readonly StageSpec[], factor: number): { durationMs: number; target: number }[] {
  return stages.map((s) => ({ durationMs: Math.round((parseDuration(String(s.duration)) ?? 0) * factor), target: s.target }));
}

/**
 * What is left of the stages from `fromMs` on: the stage under way is cut there and starts at the
 * rate it had reached, so a resumed load picks up where the paused one was.
 */
export function remainingShape(shape: LoadShape, fromMs: number): { startRate: number; stages: { durationMs: number; target: number }[] } {
  const ramps = buildRamps(shape.startRate, shape.stages);
  const stages = ramps
    .filter((r) => r.startMs + r.durationMs > fromMs)
    .map((r) => ({ durationMs: Math.round(r.startMs + r.durationMs - Math.max(fromMs, r.startMs)), target: r.toRate }));
  return { startRate: rateAt(ramps, fromMs), stages };
}

export interface SegmentOptions {
  readonly shape: LoadShape;
  readonly requests: readonly RequestTemplate[];
  readonly seed: number;
  readonly targets: () => string[];
  readonly signal: AbortSignal;
  /** A closed second of the segment, and the game second the segment started at. */
  readonly onSecond: (sample: TimelineSecond, offsetS: number) => void;
}

/**
 * The game's open-model load as a chain of load runs: pausing ends the one running, resuming
 * starts a new one with what is left of the stages. Each segment's result is kept for the record.
 */
export class LoadSegments {
  readonly results: LoadResult[] = [];
  #current: { run: LoadRun; done: Promise<void> } | undefined;

  constructor(private readonly options: SegmentOptions) {}

  get running(): boolean {
    return this.#current !== undefined;
  }

  /** Starts (or resumes) the load at `gameMs` of the game clock; no-op when running or nothing is left. */
  start(gameMs: number): void {
    if (this.#current) return;
    const left = remainingShape(this.options.shape, gameMs);
    if (left.stages.length === 0) return;
    const offsetS = Math.round(gameMs / 1000);
    const run = createLoadRun(
      {
        model: 'arrival-rate',
        startRate: left.startRate,
        stages: left.stages.map((s) => ({ duration: `${s.durationMs}ms`, target: s.target })),
        maxInFlight: this.options.shape.maxInFlight,
        timeout: this.options.shape.timeout,
        connections: this.options.shape.connections,
        targets: this.options.targets(),
        requests: this.options.requests,
        seed: this.options.seed + this.results.length,
      },
      { signal: this.options.signal, onSecond: (p) => this.options.onSecond(p.sample, offsetS) },
    );
    const current = {
      run,
      done: run.result.then((result) => {
        this.results.push(result);
        if (this.#current === current) this.#current = undefined;
      }),
    };
    this.#current = current;
  }

  /** Stops the running segment and waits for its result. */
  async pause(): Promise<void> {
    const current = this.#current;
    if (!current) return;
    current.run.stop();
    await current.done;
  }

  setTargets(urls: readonly string[]): void {
    this.#current?.run.setTargets(urls);
  }

  /** Resolves when the running segment (if any) ends by itself. */
  async settled(): Promise<void> {
    await this.#current?.done;
  }
}
