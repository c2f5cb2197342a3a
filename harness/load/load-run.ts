import type { LoadPlan } from './load-plan.js';
import { LoadRunner } from './load-runner.js';
import { normalizePlan } from './plan-validation.js';
import type { LoadRun, LoadRunOptions } from './run-options.js';

export type { ExchangeTrace, LoadEngine, LoadProgress, LoadRun, LoadRunOptions } from './run-options.js';

/**
 * Starts a load run now. Throws StampedeError (STAMPEDE_LOAD_BAD_PLAN, STAMPEDE_LOAD_REMOTE_TARGET)
 * synchronously when the plan is invalid; everything after that is reported through `result`.
 */
export function createLoadRun(plan: LoadPlan, options: LoadRunOptions = {}): LoadRun {
  const runner = new LoadRunner(normalizePlan(plan), options);
  runner.start();
  return {
    result: runner.result,
    seed: runner.plan.seed,
    setTargets: (urls) => runner.setTargets(urls),
    stop: () => runner.interrupt(),
  };
}
