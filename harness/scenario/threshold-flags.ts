import { StampedeError } from '../errors/stampede-error.js';
import type { Thresholds } from './scenario-types.js';
import { parseThreshold } from './thresholds.js';

/**
 * Parses `--threshold 'metric:expression'` flags into k6-style thresholds. Metric names may hold
 * colons themselves (`invariant:hazmat-through-tunnel`, `db_errors:40P01`,
 * `http_req_duration:assign-truck`) and expressions never do, so the split is at the last colon.
 * @throws StampedeError STAMPEDE_USAGE for a flag without a metric or with a bad expression.
 */
export function parseThresholdFlags(flags: readonly string[]): Thresholds {
  const out: Record<string, string[]> = {};
  for (const flag of flags) {
    const at = flag.lastIndexOf(':');
    const metric = flag.slice(0, at).trim();
    const expression = flag.slice(at + 1).trim();
    if (at <= 0 || metric === '') {
      throw new StampedeError('STAMPEDE_USAGE', `--threshold "${flag}" names no metric`, {
        hint: "write it as METRIC:EXPRESSION, e.g. --threshold 'http_req_duration:p(99)<500'",
      });
    }
    if (!parseThreshold(expression)) {
      throw new StampedeError('STAMPEDE_USAGE', `--threshold "${flag}": "${expression}" is not a k6 threshold expression`, {
        hint: 'an aggregation, an operator and a number: p(99)<500, rate<0.01, count==0, max<=10',
      });
    }
    const list = out[metric] ?? [];
    if (!list.includes(expression)) list.push(expression);
    out[metric] = list;
  }
  return out;
}

/** The scenario's thresholds with the extra ones added (an expression already present is kept once). */
export function mergeThresholds(base: Thresholds, extra: Thresholds): Thresholds {
  const out: Record<string, string[]> = Object.fromEntries(Object.entries(base).map(([m, list]) => [m, [...list]]));
  for (const [metric, list] of Object.entries(extra)) {
    const into = out[metric] ?? [];
    for (const expression of list) if (!into.includes(expression)) into.push(expression);
    out[metric] = into;
  }
  return out;
}
