/**
 * The load engine's public surface: scenarios and commands import from here only.
 *
 *   const run = createLoadRun(plan, { signal, onSecond });
 *   run.setTargets([...]);            // instances added or removed mid-run
 *   const result = await run.result;  // LoadResult, also on interrupt (status 'interrupted')
 */
export { type ErrorKind, errorKinds } from './error-kinds.js';
export type {
  ArrivalRatePlan,
  Duration,
  LoadPlan,
  RequestBuilder,
  RequestSpec,
  RequestTemplate,
  ResponseCheck,
  ResponseView,
  StageSpec,
  VusPlan,
} from './load-plan.js';
export type { LoadResult, NameResult, Percentiles, StageResult, TargetResult, TimelineSecond, Totals } from './load-result.js';
export { createLoadRun, type ExchangeTrace, type LoadEngine, type LoadProgress, type LoadRun, type LoadRunOptions } from './load-run.js';
export { defaultConnections, defaultMaxInFlight, defaultTimeoutMs, maxRate } from './plan-validation.js';
export { Random, randomSeed } from './prng.js';
export { createProgressReporter, type ProgressReporter, progressLine } from './progress.js';
export { type PreviewedRequest, previewRequests } from './request-mix.js';
export { renderLoadSummary } from './summary-text.js';
export { isLoopbackHost } from './target-url.js';
export { type KeySampler, uniform, zipf } from './zipf.js';
