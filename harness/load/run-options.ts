import type { ErrorKind } from './error-kinds.js';
import type { LoadPlan } from './load-plan.js';
import type { LoadResult, TimelineSecond } from './load-result.js';

/** What onSecond receives each second (progress lines, live dashboards). */
export interface LoadProgress {
  readonly sample: TimelineSecond;
  readonly elapsedMs: number;
  readonly plannedDurationMs: number;
  readonly totals: { readonly sent: number; readonly completed: number; readonly errors: number; readonly dropped: number };
  readonly inFlight: number;
}

export interface LoadRunOptions {
  /** Aborting stops the run at once; the result still resolves, with status `interrupted`. */
  readonly signal?: AbortSignal;
  /** Called after each second of the timeline closes. Exceptions from it are ignored. */
  readonly onSecond?: (progress: LoadProgress) => void;
  /**
   * Called for every request that settles (response or failure): for tests and debugging. It
   * costs an object per request, so leave it unset for real load.
   */
  readonly trace?: (event: ExchangeTrace) => void;
}

/** One settled request, as `trace` sees it. Times are performance.now() milliseconds. */
export interface ExchangeTrace {
  readonly sequence: number;
  readonly name: string;
  readonly target: string;
  readonly intendedAt: number;
  /** 0 when it never reached the socket (refused, timed out in the queue). */
  readonly sentAt: number;
  readonly settledAt: number;
  readonly status: number | null;
  /** Error kind, or null for a good response. */
  readonly error: ErrorKind | null;
  readonly checkFailure: string | null;
}

/** A running load: its result, and the handle to change targets while it runs. */
export interface LoadRun {
  /** Resolves when the run ends (completed or interrupted); rejects only on a broken request builder. */
  readonly result: Promise<LoadResult>;
  readonly seed: number;
  /** Replaces the round-robin target list; removed targets drain and close. No-op once the run ended. */
  setTargets(urls: readonly string[]): void;
  /** Same as aborting the signal. */
  stop(): void;
}

/** Starts a load run for a plan: our engine's createLoadRun, or another engine behind the same contract (k6). */
export type LoadEngine = (plan: LoadPlan, options?: LoadRunOptions) => LoadRun;
